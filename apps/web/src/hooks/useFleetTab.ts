// The Fleet tab: shown when the agent serves a fleet (--fleet STORE). A host's snapshot opened
// from it runs in the page, whose own router has no fleet, so whether the agent has one is
// remembered for the page's life: the tab stays and takes the user back to the agent's fleet.
import { useEffect, useSyncExternalStore } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../lib/trpc';
import { useSession } from '../lib/session';
import { useUi } from '../store/ui';

let agentHasFleet = false;
const listeners = new Set<() => void>();
const subscribe = (f: () => void) => {
  listeners.add(f);
  return () => listeners.delete(f);
};

export function useFleetTab(): { shown: boolean; go: () => void } {
  const trpc = useTRPC();
  const session = useSession();
  const q = useQuery({ ...trpc.fleet.info.queryOptions(), enabled: session.mode === 'agent', retry: false, staleTime: Infinity });
  const available = session.mode === 'agent' && q.data?.available === true;
  useEffect(() => {
    if (available && !agentHasFleet) {
      agentHasFleet = true;
      for (const f of listeners) f();
    }
  }, [available]);
  const shown = useSyncExternalStore(subscribe, () => agentHasFleet, () => false);
  const go = () => {
    if (session.mode === 'local') {
      session.backToAgent();
      useUi.getState().navigate('\\', null, { view: 'fleet' });
    } else useUi.getState().setView('fleet');
  };
  return { shown: shown || available, go };
}
