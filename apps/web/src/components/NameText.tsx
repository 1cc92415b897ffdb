import { displayName } from '../lib/format';

/** An object name as text: control characters escaped, long names shortened with the full name on hover. */
export function NameText({ name, max, className }: { name: string; max?: number; className?: string }) {
  const d = displayName(name, max);
  return (
    <span className={className} title={d.full}>
      {d.text}
    </span>
  );
}
