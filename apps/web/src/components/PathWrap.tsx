// An NT path that wraps after its backslashes rather than in the middle of a name
// ("\BaseNamedObjects\event-signaled", not "...\event" / "-signaled"). Names cannot hold `\`, so
// every backslash of the displayed path is a separator and a fine place to break.
import { Fragment } from 'react';
import { displayPath } from '../lib/format';

/** `display`: how the path is shown before it is split (an NT path by default; a DOS path too). */
export function PathWrap({ path, display = displayPath }: { path: string; display?: (path: string) => string }) {
  const parts = display(path).split('\\');
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && (
            <>
              {'\\'}
              <wbr />
            </>
          )}
          {p}
        </Fragment>
      ))}
    </>
  );
}
