// Search is cancellable end to end: when the client goes away mid-request, the AbortSignal the
// source was given fires, so a namespace-wide walk stops instead of running on for nobody.
import { request as httpRequest } from 'node:http';
import { SnapshotSource, type ObjectSource, type SearchQuery } from '@objscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputQuery, sameOrigin, startAgent, testSnapshot, type Agent } from './helpers';

/**
 * A search that runs until it is cancelled: real searches on a snapshot finish in
 * milliseconds, too fast to abandon, so this stands in for a long live walk. It records what
 * the signal did.
 */
class EndlessSearch {
  started = 0;
  aborted = 0;
  source(): ObjectSource {
    const real = new SnapshotSource(testSnapshot(), { kind: 'snapshot' });
    return Object.assign(Object.create(real) as ObjectSource, {
      search: (_q: SearchQuery, signal?: AbortSignal) =>
        new Promise((_resolve, reject) => {
          this.started++;
          signal?.addEventListener('abort', () => {
            this.aborted++;
            reject(new Error('aborted'));
          });
        }),
    });
  }
}

let agent: Agent;
const endless = new EndlessSearch();
beforeAll(async () => {
  agent = await startAgent({ source: endless.source() });
});
afterAll(() => agent.close());

describe('namespace.search cancellation', () => {
  it('aborts the source’s search when the client disconnects', async () => {
    const port = agent.server.port;
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      path: `/trpc/namespace.search?${inputQuery({ text: 'x', mode: 'substring', limit: 10 })}`,
      headers: sameOrigin(port),
      setHost: false,
    });
    req.on('error', () => {});
    req.end();
    const until = async (cond: () => boolean) => {
      const end = Date.now() + 5000;
      while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    };
    await until(() => endless.started === 1);
    expect(endless.started).toBe(1);
    expect(endless.aborted).toBe(0);
    req.destroy();
    await until(() => endless.aborted === 1);
    expect(endless.aborted).toBe(1);
  });
});
