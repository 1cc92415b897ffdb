'use client';
import { useUi } from '../../store/ui';

export function NavButton(props: { children: string; label: string; testid: string; onClick: () => void; disabled?: boolean }) {
  return (
    <button
      type="button"
      aria-label={props.label}
      title={props.label}
      data-testid={props.testid}
      disabled={props.disabled}
      onClick={props.onClick}
      className="h-7 w-7 shrink-0 rounded text-base hover:bg-[var(--color-hover)] disabled:opacity-40"
    >
      {props.children}
    </button>
  );
}

/** Pauses and resumes live updates; shown only where the source can change under the page. */
export function LiveToggle() {
  const paused = useUi((s) => s.paused);
  const setPaused = useUi((s) => s.setPaused);
  return (
    <button
      type="button"
      data-testid="live-toggle"
      aria-pressed={!paused}
      title={paused ? 'Live updates paused: click to resume' : 'Live updates on: click to pause'}
      onClick={() => setPaused(!paused)}
      className="flex items-center gap-1.5 rounded border border-[var(--color-line)] px-2 py-0.5 hover:bg-[var(--color-hover)]"
    >
      <span className={`inline-block h-2 w-2 rounded-full ${paused ? 'bg-[var(--color-dim)]' : 'bg-[var(--color-good)]'}`} />
      {paused ? 'Paused' : 'Live'}
    </button>
  );
}
