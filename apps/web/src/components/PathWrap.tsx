// An NT path that wraps after its backslashes rather than in the middle of a name
// ("\BaseNamedObjects\event-signaled", not "...\event" / "-signaled"). Names cannot hold `\`, so
// every backslash of the displayed path is a separator and a fine place to break.
import { Fragment } from 'react';
import { displayPath } from '../lib/format';

export function PathWrap({ path }: { path: string }) {
  const parts = displayPath(path).split('\\');
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
