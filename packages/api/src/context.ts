import type { ObjectSource } from '@objscope/core';
import type { AccessJob, AccessOutcome } from './access-jobs';
import type { FleetQuestions } from './fleet';
import type { DiffJob, DiffOutcome, ExportOutcome } from './snapshot-jobs';

export interface ApiLimits {
  /** Largest snapshot file accepted by snapshot.diff, per side, in bytes (decoded base64). */
  maxDiffFileBytes: number;
  /** Largest JSON text an uploaded snapshot may inflate to, per side, in bytes. */
  maxDiffDecompressedBytes: number;
}

const DEFAULT_LIMITS: ApiLimits = {
  maxDiffFileBytes: 64 * 1024 * 1024,
  maxDiffDecompressedBytes: 256 * 1024 * 1024,
};

/**
 * Runs the long jobs (snapshot diffs and exports, namespace-wide access questions) off the request
 * thread. The agent's runner keeps them in worker threads with memory, time and count limits
 * (apps/agent/src/snapshot-jobs.ts); without one (the page's local link) the router runs them in
 * place.
 */
export interface JobRunner {
  diff(job: DiffJob, signal?: AbortSignal): Promise<DiffOutcome>;
  exportSnapshot(signal?: AbortSignal): Promise<ExportOutcome>;
  /** A namespace-wide access question (access-jobs.ts); absent: the router answers in place. */
  access?(job: AccessJob, signal?: AbortSignal): Promise<AccessOutcome>;
}

/** What one HTTP response may still carry; shared by every call of a batch. */
export interface ResponseBudget {
  /** Bytes of JSON left for this response. */
  remaining: number;
  readonly max: number;
  /** Settles when the batch's previous call is done: the calls of one request run one after
   * another, each on a later turn of the event loop (see trpc.ts). */
  previous: Promise<void>;
}

/** Open subscriptions, counted per client and in total by the agent. */
export interface SubscriptionGate {
  /** A release function, or why the subscription is refused. */
  acquire(client: string): (() => void) | string;
}

export interface ApiContext {
  source: ObjectSource;
  limits: ApiLimits;
  jobs?: JobRunner;
  /** Per HTTP request: a batch's results together may not exceed it. */
  response?: ResponseBudget;
  subscriptions?: SubscriptionGate;
  /** Who is asking (the agent uses the remote address), for per-client caps. */
  client?: string;
  /** The fleet store the agent was started on (--fleet STORE); absent everywhere else. */
  fleet?: FleetQuestions;
}

/**
 * The context for one request. The agent calls it per HTTP request; the page calls it once
 * for `unstable_localLink`. Only the source is required.
 */
export function createContext(opts: {
  source: ObjectSource;
  limits?: Partial<ApiLimits>;
  jobs?: JobRunner;
  maxResponseBytes?: number;
  subscriptions?: SubscriptionGate;
  client?: string;
  fleet?: FleetQuestions;
}): ApiContext {
  const ctx: ApiContext = { source: opts.source, limits: { ...DEFAULT_LIMITS, ...opts.limits } };
  if (opts.jobs) ctx.jobs = opts.jobs;
  if (opts.maxResponseBytes !== undefined) ctx.response = { remaining: opts.maxResponseBytes, max: opts.maxResponseBytes, previous: Promise.resolve() };
  if (opts.subscriptions) ctx.subscriptions = opts.subscriptions;
  if (opts.client !== undefined) ctx.client = opts.client;
  if (opts.fleet) ctx.fleet = opts.fleet;
  return ctx;
}
