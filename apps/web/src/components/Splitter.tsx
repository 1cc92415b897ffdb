'use client';
// A draggable, keyboard-adjustable separator (WAI-ARIA "window splitter"): role separator with
// its value in px, arrows move it 16 px (Shift 64), Home/End go to the limits. Used between the
// panes and between list columns; the value is stored by the caller (the store remembers it).
import { useRef } from 'react';

export function Splitter(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  onChange: (v: number) => void;
  /** The pane grows when the splitter moves left (a pane on the right side). */
  invert?: boolean;
  testid?: string;
  /** Controls: the id of the pane it resizes. */
  controls?: string;
  className?: string;
}) {
  const { value, min, max, onChange, invert } = props;
  const drag = useRef<{ x: number; start: number } | null>(null);
  const clamp = (v: number) => Math.round(Math.min(max, Math.max(min, v)));

  const onKeyDown = (e: React.KeyboardEvent) => {
    const step = e.shiftKey ? 64 : 16;
    const grow = invert ? -1 : 1;
    let next: number | null = null;
    if (e.key === 'ArrowRight') next = value + step * grow;
    else if (e.key === 'ArrowLeft') next = value - step * grow;
    else if (e.key === 'Home') next = min;
    else if (e.key === 'End') next = max;
    if (next === null) return;
    e.preventDefault();
    e.stopPropagation();
    onChange(clamp(next));
  };

  return (
    <div
      role="separator"
      tabIndex={0}
      aria-label={props.label}
      aria-orientation="vertical"
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-controls={props.controls}
      data-testid={props.testid}
      title={`${props.label} (drag, or focus and use the arrow keys)`}
      onKeyDown={onKeyDown}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { x: e.clientX, start: value };
        e.currentTarget.focus();
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (!d) return;
        const dx = e.clientX - d.x;
        onChange(clamp(d.start + (invert ? -dx : dx)));
      }}
      onPointerUp={(e) => {
        drag.current = null;
        e.currentTarget.releasePointerCapture(e.pointerId);
      }}
      onPointerCancel={() => {
        drag.current = null;
      }}
      onClick={(e) => e.stopPropagation()}
      className={`group relative z-10 shrink-0 cursor-col-resize touch-none outline-none ${props.className ?? 'w-1 -mx-0.5'}`}
    >
      <span className="pointer-events-none absolute inset-y-0 left-1/2 w-px -translate-x-1/2 bg-[var(--color-line)] group-hover:w-[3px] group-hover:bg-[var(--color-accent)] group-focus-visible:w-[3px] group-focus-visible:bg-[var(--color-accent)]" />
    </div>
  );
}
