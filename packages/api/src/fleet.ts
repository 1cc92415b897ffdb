// The fleet questions as the router sees them. DuckDB and the Parquet store live in the agent
// (packages/fleet, Node-only); the router only knows this interface, so it still runs in the
// page, where there is no fleet and `fleet.info` says so. The answers' types are core's
// (fleet.ts), the same the engine returns.
import type { FleetDriftAnswer, FleetFindAnswer, FleetHistoryAnswer, FleetHostInfo, FleetZombieAnswer } from '@objscope/core';

interface FleetFindInput {
  pattern: string;
  regex: boolean;
  type?: string | undefined;
  at?: Date | undefined;
  limit?: number | undefined;
}

/**
 * The named questions, and nothing else: no SQL text crosses this line, every input is a value
 * the agent binds as a parameter. A question that cannot be answered as asked (a bad regex, an
 * unknown host, a moved snapshot file) throws FleetQuestionError with a message for the user.
 */
export interface FleetQuestions {
  /** What the page calls the fleet (the store's folder name, never its full path). */
  readonly label: string;
  hosts(): Promise<FleetHostInfo[]>;
  find(q: FleetFindInput): Promise<FleetFindAnswer>;
  history(q: FleetFindInput): Promise<FleetHistoryAnswer>;
  drift(q: { baseline: string; host?: string | undefined; at?: Date | undefined; limit?: number | undefined }): Promise<FleetDriftAnswer>;
  zombies(q: { at?: Date | undefined }): Promise<FleetZombieAnswer[]>;
  /** The snapshot file of one capture, as the store recorded it. */
  snapshot(q: { host: string; capturedAt: Date }): Promise<{ fileName: string; bytes: Uint8Array }>;
}

export class FleetQuestionError extends Error {}
