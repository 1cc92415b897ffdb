'use client';
// One page: the whole app runs on the client (the static export has no server), so it is
// loaded without server rendering and reads `?path=` from window.location directly.
import dynamic from 'next/dynamic';

const App = dynamic(() => import('../src/components/App'), {
  ssr: false,
  loading: () => <div className="p-4 text-[var(--color-dim)]" data-testid="app-loading">Loading objscope…</div>,
});

export default function Page() {
  return <App />;
}
