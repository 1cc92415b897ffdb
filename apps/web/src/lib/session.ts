import type { Snapshot } from '@objscope/core';
import { createContext, useContext } from 'react';

export interface Session {
  /** 'agent': talking to the agent over HTTP; 'local': a snapshot opened in the page. */
  mode: 'agent' | 'local';
  label: string | null;
  /** The page was served by an agent (so "back to the agent" makes sense). */
  agentPresent: boolean;
  openSnapshotFile: (file: File) => Promise<void>;
  /** Opens an already decoded snapshot in the page, at an object (selected in its directory). */
  openSnapshot: (snapshot: Snapshot, label: string, at?: { path: string; sel: string | null }) => Promise<void>;
  backToAgent: () => void;
  /** Back to the agent's source, at an object (selected in its directory). */
  openAgentAt: (at: { path: string; sel: string | null }) => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionContext');
  return s;
}
