// The answers to the fleet's named questions, one definition for every room that passes them
// on: the fleet engine (DuckDB, in the agent) produces them, the router's FleetQuestions hands
// them over, the CLI prints them and the Fleet view draws them.

/** A host in the store and its latest capture. */
export interface FleetHostInfo {
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

/** When a host had a match, over all its captures. */
export interface FleetHistoryHost {
  host: string;
  firstSeen: string;
  lastSeen: string;
  snapshots: number;
  /** The match is in the host's current snapshot. */
  current: boolean;
}

/** One day of captures: how many hosts were captured that day and how many of them matched. */
export interface FleetTimelineDay {
  day: string;
  captured: number;
  matched: number;
}

export interface FleetHistoryAnswer {
  hosts: FleetHistoryHost[];
  timeline: FleetTimelineDay[];
}

/** One host against the baseline: what it lacks and what it has in addition. */
export interface FleetDriftHost {
  host: string;
  capturedAt: string;
  missing: number;
  extra: number;
  missingList: { path: string; type: string }[];
  extraList: { path: string; type: string }[];
}

export interface FleetDriftAnswer {
  baseline: { host: string; capturedAt: string; objects: number };
  hosts: FleetDriftHost[];
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
