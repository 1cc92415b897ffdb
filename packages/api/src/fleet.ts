// The fleet questions as the router sees them. DuckDB and the Parquet store live in the agent
// (packages/fleet, Node-only); the router only knows this interface, so it still runs in the
// page, where there is no fleet and `fleet.info` says so.

interface FleetHostInfo {
  host: string;
  capturedAt: string;
  snapshots: number;
}

interface FleetMatch {
  host: string;
  capturedAt: string;
  path: string;
  type: string;
}

export interface FleetFindAnswer {
  hosts: number;
  total: number;
  matches: FleetMatch[];
}

export interface FleetHistoryAnswer {
  hosts: { host: string; firstSeen: string; lastSeen: string; snapshots: number; current: boolean }[];
  timeline: { day: string; captured: number; matched: number }[];
}

export interface FleetDriftAnswer {
  baseline: { host: string; capturedAt: string; objects: number };
  hosts: {
    host: string;
    capturedAt: string;
    missing: number;
    extra: number;
    missingList: { path: string; type: string }[];
    extraList: { path: string; type: string }[];
  }[];
}

export interface FleetZombieAnswer {
  host: string;
  capturedAt: string;
  recorded: boolean;
  processes: number;
  threads: number;
  total: number;
  topHolder: string | null;
  topHolderCount: number;
}

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
