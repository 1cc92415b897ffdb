// The two sides of the Compare view, kept outside the component so that opening a diff entry
// (which replaces the whole explorer) and coming back to Compare finds the comparison as it was.
import { create } from 'zustand';
import type { Snapshot } from '@objscope/core';

export interface CompareSide {
  fileName: string;
  snapshot: Snapshot | null;
  error: string | null;
  /** Captured from the agent's source (live or not) rather than read from a file. */
  fromAgent: boolean;
  /** The agent's source was live (not a snapshot it serves) when captured. */
  live: boolean;
}

interface CompareState {
  a: CompareSide | null;
  b: CompareSide | null;
  setSide: (which: 'a' | 'b', side: CompareSide | null) => void;
}

export const useCompare = create<CompareState>((set) => ({
  a: null,
  b: null,
  setSide: (which, side) => set(which === 'a' ? { a: side } : { b: side }),
}));
