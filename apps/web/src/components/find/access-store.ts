// Find's access state: which question the panel asks (names, or the weak-security view) and the
// access filter, as typed and as applied. Kept for the session, not across reloads: a principal
// is typed for the question at hand, and applying it can start a live capture of the namespace.
import { create } from 'zustand';

export type FindView = 'names' | 'weak';

export interface AccessFilter {
  principal: string;
  rights: string;
}

interface FindAccessState {
  view: FindView;
  /** What the two fields hold now. */
  draft: AccessFilter;
  /** The filter in force (set on Enter or Apply); null when Find searches names only. */
  applied: AccessFilter | null;
  setView: (view: FindView) => void;
  setDraft: (d: Partial<AccessFilter>) => void;
  apply: () => void;
  clear: () => void;
}

export const useFindAccess = create<FindAccessState>()((set) => ({
  view: 'names',
  draft: { principal: '', rights: '' },
  applied: null,
  setView: (view) => set({ view }),
  setDraft: (d) => set((s) => ({ draft: { ...s.draft, ...d } })),
  // Half a filter is no filter: both fields are needed before anything is asked.
  apply: () => set((s) => ({ applied: s.draft.principal.trim() && s.draft.rights.trim() ? { principal: s.draft.principal.trim(), rights: s.draft.rights.trim() } : null })),
  clear: () => set({ draft: { principal: '', rights: '' }, applied: null }),
}));
