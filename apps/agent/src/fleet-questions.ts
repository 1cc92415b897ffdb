// The agent's side of the Fleet view: the store opened once (read-only, locked, see
// packages/fleet engine.ts) and its named questions behind the router's FleetQuestions. DuckDB
// loads here, in the agent, only when --fleet is given; the page never sees SQL or a file path.
import { basename, resolve } from 'node:path';
import { FleetQuestionError, type FleetQuestions } from '@objscope/api';
import type { Fleet } from '@objscope/fleet';

/** Opens STORE for the agent, or a one-line reason it cannot be served. */
export async function openFleetQuestions(store: string): Promise<{ ok: true; fleet: FleetQuestions; close: () => void } | { ok: false; error: string }> {
  const lib = await import('@objscope/fleet');
  let fleet: Fleet;
  try {
    fleet = await lib.Fleet.open(store);
  } catch (e) {
    if (e instanceof lib.FleetError) return { ok: false, error: e.message };
    throw e;
  }
  // DuckDB's own errors (a bad regex, an unknown host) are FleetErrors: the user's to fix.
  const asked = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof lib.FleetError) throw new FleetQuestionError(e.message);
      throw e;
    }
  };
  const questions: FleetQuestions = {
    label: basename(resolve(store)),
    hosts: () => asked(() => fleet.hosts()),
    find: (q) => asked(() => fleet.find(q)),
    history: (q) =>
      asked(async () => {
        const { limit: _limit, ...rest } = q;
        return { hosts: await fleet.findHistory(rest), timeline: await fleet.findTimeline(rest) };
      }),
    drift: (q) => asked(() => fleet.drift(q)),
    zombies: (q) => asked(() => fleet.zombies(q)),
    snapshot: (q) => asked(() => fleet.snapshotFile(q.host, q.capturedAt)),
  };
  return { ok: true, fleet: questions, close: () => fleet.close() };
}
