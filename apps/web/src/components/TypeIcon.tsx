// Type icons drawn inline (no fetched assets), one shape and colour per common object type.
import type { ReactElement } from 'react';

const ICONS = new Map<string, { color: string; path: ReactElement }>([
  ['Directory', { color: '#d4a017', path: <path d="M1.5 4.5h5l1.5 1.5h6.5v7.5h-13z" /> }],
  ['SymbolicLink', { color: '#2b8cbe', path: <path d="M3 12c0-5 3-7 8-7M8 2.5l3 2.5-3 2.5" fill="none" strokeWidth="1.8" /> }],
  ['Event', { color: '#e6550d', path: <path d="M9 1.5 3.5 9h4l-1 5.5L12.5 7h-4z" /> }],
  // An event that is waited on by key: the bolt with a key's bow below it.
  ['KeyedEvent', { color: '#d95f0e', path: <><path d="M8.5 1 4 7h3.2l-.8 4L11 5H7.8z" /><circle cx="11.5" cy="12" r="2" fill="none" strokeWidth="1.4" /><path d="M9.5 12H3M5 12v2" fill="none" strokeWidth="1.4" /></> }],
  // An I/O completion port: requests flowing into a tray.
  ['IoCompletion', { color: '#0868ac', path: <path d="M2 9v4.5h12V9M5 2v6M8 2v6M11 2v6M3.5 6 5 8l1.5-2M6.5 6 8 8l1.5-2M9.5 6 11 8l1.5-2" fill="none" strokeWidth="1.4" /> }],
  // A debug object: a bug.
  ['DebugObject', { color: '#b2182b', path: <><ellipse cx="8" cy="9.5" rx="3.3" ry="4.2" /><circle cx="8" cy="4" r="1.8" /><path d="M4.7 8H1.5M11.3 8h3.2M4.9 11.5l-2.6 1.8M11.1 11.5l2.6 1.8M5 6 2.8 4.3M11 6l2.2-1.7" fill="none" strokeWidth="1.3" /></> }],
  ['Mutant', { color: '#8856a7', path: <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2M3 7h10v7H3z" fill="none" strokeWidth="1.6" /> }],
  ['Semaphore', { color: '#31a354', path: <><circle cx="8" cy="4" r="2" /><circle cx="8" cy="8.5" r="2" /><circle cx="8" cy="13" r="2" /></> }],
  ['Section', { color: '#3182bd', path: <path d="M2 5l6-3 6 3-6 3zM2 8.5l6 3 6-3M2 11.5l6 3 6-3" fill="none" strokeWidth="1.4" /> }],
  ['Device', { color: '#636363', path: <path d="M4 3h8v10H4zM2 5.5h2M2 8h2M2 10.5h2M12 5.5h2M12 8h2M12 10.5h2" fill="none" strokeWidth="1.4" /> }],
  ['Driver', { color: '#756bb1', path: <><circle cx="8" cy="8" r="2.3" fill="none" strokeWidth="1.6" /><path d="M8 1.5v2.5M8 12v2.5M1.5 8H4M12 8h2.5M3.4 3.4l1.8 1.8M10.8 10.8l1.8 1.8M3.4 12.6l1.8-1.8M10.8 5.2l1.8-1.8" fill="none" strokeWidth="1.5" /></> }],
  ['Key', { color: '#bcbd22', path: <><circle cx="5" cy="8" r="3" fill="none" strokeWidth="1.6" /><path d="M8 8h6.5M12 8v2.5M14 8v2" fill="none" strokeWidth="1.6" /></> }],
  ['ALPC Port', { color: '#17becf', path: <path d="M5 2v4M11 2v4M3.5 6h9v2.5a4.5 4.5 0 0 1-9 0zM8 13v2" fill="none" strokeWidth="1.5" /> }],
  ['Job', { color: '#9c9ede', path: <path d="M2 5h12v8H2zM5.5 5V3h5v2" fill="none" strokeWidth="1.5" /> }],
  ['Session', { color: '#6baed6', path: <><circle cx="8" cy="5.5" r="2.7" /><path d="M2.5 14a5.5 5.5 0 0 1 11 0z" /></> }],
  ['WindowStation', { color: '#637939', path: <path d="M2 3h12v8H2zM6 14h4M8 11v3" fill="none" strokeWidth="1.5" /> }],
  ['Desktop', { color: '#637939', path: <path d="M2 3h12v8H2z" fill="none" strokeWidth="1.5" /> }],
  ['Timer', { color: '#e7298a', path: <><circle cx="8" cy="9" r="5" fill="none" strokeWidth="1.5" /><path d="M8 6v3l2 1.5M6.5 2h3" fill="none" strokeWidth="1.5" /></> }],
  ['Type', { color: '#7f7f7f', path: <path d="M3 3h10v2.5H9.3V14H6.7V5.5H3z" /> }],
  ['Callback', { color: '#a55194', path: <path d="M12.5 6A5 5 0 1 0 13 10M13 2.5V6H9.5" fill="none" strokeWidth="1.6" /> }],
  ['File', { color: '#8c6d31', path: <path d="M3.5 1.5h6l3 3v10h-9z" fill="none" strokeWidth="1.5" /> }],
  ['Token', { color: '#d62728', path: <><circle cx="8" cy="8" r="5.5" fill="none" strokeWidth="1.5" /><circle cx="8" cy="8" r="2" /></> }],
  ['Process', { color: '#1f77b4', path: <path d="M2 3h12v10H2zM2 6h12" fill="none" strokeWidth="1.5" /> }],
  ['Thread', { color: '#2ca02c', path: <path d="M2 8c2-4 4 4 6 0s4 4 6 0" fill="none" strokeWidth="1.6" /> }],
]);

export function TypeIcon({ type, size = 16 }: { type: string; size?: number }) {
  const icon = ICONS.get(type);
  const color = icon?.color ?? '#8a8f98';
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      className="shrink-0"
      fill={color}
      stroke={color}
      strokeLinecap="round"
      strokeLinejoin="round"
      data-type-icon={type}
    >
      {icon ? icon.path : <rect x="3.5" y="3.5" width="9" height="9" rx="2" fill="none" strokeWidth="1.5" />}
    </svg>
  );
}
