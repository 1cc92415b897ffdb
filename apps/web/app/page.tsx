'use client';
// One page: the whole app runs on the client (the static export has no server). The app is
// imported statically (no second chunk round trip before it can start) but only rendered
// after mount, since it reads window.location and browser storage from its first render.
import { useEffect, useState } from 'react';
import App from '../src/components/App';

export default function Page() {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) {
    return (
      <div className="p-4 text-[var(--color-dim)]" data-testid="app-loading">
        Loading objscope…
      </div>
    );
  }
  return <App />;
}
