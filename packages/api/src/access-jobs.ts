// Access questions over a whole namespace, as pure functions (no tRPC, no Node): "which objects
// does this principal get these rights to" (Find's access filter) and "which objects are weakly
// secured". Both evaluate each distinct (descriptor, type) once (core's access-report.ts). The
// agent runs them in its snapshot-job workers under their limits (apps/agent/src/snapshot-jobs.ts); the
// page's local link, for a snapshot opened without an agent, runs them in place.
import type { AccessToken, RightsQuery, Snapshot, SnapshotNode } from '@objscope/core';
import { baseNtName, findAccessible, findWeakSecurity, upcaseNtName } from '@objscope/core';
import type { JobFailure } from './snapshot-jobs';

/** What Find narrows the principal's objects to: the same name, type and place filters as a name search. */
interface NameFilter {
  text: string;
  mode: 'substring' | 'regex';
  caseSensitive: boolean;
  types?: string[];
  under?: string;
}

export type AccessJob =
  | ({ kind: 'find'; token: AccessToken; rights: RightsQuery; limit: number } & NameFilter)
  | ({ kind: 'weak'; limit: number } & NameFilter);

interface AccessRow {
  path: string;
  name: string;
  type: string;
  /** Find: the rights granted, by name. Weak: why the descriptor is weak. */
  why: string[];
}

export interface AccessAnswer {
  kind: 'find' | 'weak';
  hits: AccessRow[];
  /** Matches found (may exceed hits.length when truncated). */
  total: number;
  truncated: boolean;
  scanned: number;
  /** Objects without a recorded descriptor or type mapping: not judged. */
  unknown: number;
  /** Engine runs: one per distinct (descriptor, type). */
  evaluations: number;
}

export type AccessOutcome = { ok: true; value: AccessAnswer } | JobFailure;

function nameMatcher(f: NameFilter): (name: string) => boolean {
  if (f.text === '') return () => true;
  if (f.mode === 'regex') {
    // Already vetted by the router's regexProblem (no catastrophic shapes).
    const re = new RegExp(f.text, f.caseSensitive ? 'u' : 'iu');
    return (n) => re.test(n);
  }
  if (f.caseSensitive) return (n) => n.includes(f.text);
  const t = f.text.toLowerCase();
  return (n) => n.toLowerCase().includes(t);
}

/** Whether any object has a recorded descriptor (a `--no-details` capture has none). */
function hasDescriptors(node: SnapshotNode): boolean {
  if (node.details?.security?.ok) return true;
  return (node.children ?? []).some(hasDescriptors);
}

/** The filtered hits as one answer: the first `limit` rows, and how many there were in all. */
function answer<T extends { path: string; type: string }>(
  kind: AccessAnswer['kind'],
  all: T[],
  limit: number,
  why: (hit: T) => AccessRow['why'],
  counts: Pick<AccessAnswer, 'scanned' | 'unknown' | 'evaluations'>,
): AccessOutcome {
  const hits = all.slice(0, limit).map((h) => ({ path: h.path, name: baseNtName(h.path), type: h.type, why: why(h) }));
  return { ok: true, value: { kind, hits, total: all.length, truncated: all.length > limit, ...counts } };
}

export function answerAccess(snapshot: Snapshot, job: AccessJob): AccessOutcome {
  if (!snapshot.details || !hasDescriptors(snapshot.root)) return { ok: false, code: 'BAD_REQUEST', message: 'this snapshot recorded no security descriptors (captured without details): nothing to evaluate' };
  if (job.kind === 'weak') {
    const w = findWeakSecurity(snapshot);
    const under = job.under && job.under !== '\\' ? upcaseNtName(job.under) + '\\' : null;
    const matches = nameMatcher(job);
    const types = job.types?.length ? new Set(job.types) : null;
    const all = w.hits.filter((h) => (!under || upcaseNtName(h.path).startsWith(under)) && (!types || types.has(h.type)) && matches(baseNtName(h.path)));
    return answer('weak', all, job.limit, (h) => h.reasons, { scanned: w.scanned, unknown: 0, evaluations: 0 });
  }
  const r = findAccessible(snapshot, job.token, job.rights, job.under === undefined ? {} : { under: job.under });
  if (!r.ok) return { ok: false, code: 'BAD_REQUEST', message: r.message };
  const matches = nameMatcher(job);
  const types = job.types?.length ? new Set(job.types) : null;
  const all = r.value.hits.filter((h) => (!types || types.has(h.type)) && matches(baseNtName(h.path)));
  return answer('find', all, job.limit, (h) => h.rights, { scanned: r.value.scanned, unknown: r.value.unknown, evaluations: r.value.evaluations });
}
