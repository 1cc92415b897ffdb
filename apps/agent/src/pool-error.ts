// How a job sent to a worker thread or to the scan process failed to produce a reply.

export type PoolFailure = 'busy' | 'timeout' | 'cancelled' | 'memory' | 'crashed';

/** Why a job did not produce a reply, with a sentence for the client. */
export class PoolError extends Error {
  constructor(
    readonly reason: PoolFailure,
    message: string,
  ) {
    super(message);
  }
}
