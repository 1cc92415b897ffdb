'use client';
import { useCallback, useEffect, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { TRPCProvider, createAgentClient } from '../lib/trpc';
import { SessionContext } from '../lib/session';
import { useUi } from '../store/ui';
import { Shell } from './Shell';
import { BootScreen } from './app/BootScreen';
import { newActive, type Active } from './app/active';
import { useBoot } from './app/useBoot';
import { useSessionValue } from './app/useSessionValue';

/** The theme on the root element, and the back and forward buttons read into the store. */
function usePageGlobals(): void {
  const theme = useUi((s) => s.theme);
  useEffect(() => {
    if (theme === 'system') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.setAttribute('data-theme', theme);
  }, [theme]);

  useEffect(() => {
    const onPop = () => useUi.getState().syncFromLocation();
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
}

export default function App() {
  const [active, setActive] = useState<Active | null>(null);
  const [fatal, setFatalState] = useState<{ message: string; download: string | null } | null>(null);
  const [agentPresent, setAgentPresent] = useState(false);
  usePageGlobals();

  const startAgent = useCallback(() => setActive(newActive('agent', null, createAgentClient())), []);
  const setFatal = useCallback((message: string, download: string | null) => setFatalState({ message, download }), []);
  const clearFatal = useCallback(() => setFatalState(null), []);
  useBoot({ setActive, setAgentPresent, setFatal, startAgent });
  const session = useSessionValue(active, agentPresent, setActive, clearFatal, startAgent);

  if (!active) {
    return (
      <SessionContext.Provider value={session}>
        <BootScreen fatal={fatal?.message ?? null} download={fatal?.download ?? null} onFile={session.openSnapshotFile} />
      </SessionContext.Provider>
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <QueryClientProvider client={active.queryClient}>
        <TRPCProvider trpcClient={active.client} queryClient={active.queryClient}>
          <Shell key={active.id} />
        </TRPCProvider>
      </QueryClientProvider>
    </SessionContext.Provider>
  );
}
