// The snapshot jobs' worker thread (bundled to dist/snapshot-jobs.mjs): decoding and diffing
// uploaded snapshots, encoding exports, namespace-wide access questions. A hostile upload can
// make these take minutes and gigabytes; here they do it under the pool's memory and time limits
// (worker-pool.ts), and the agent's request thread keeps answering meanwhile. One job per thread,
// then the thread ends.
import { parentPort } from 'node:worker_threads';
import { answerAccess, diffUploads, exportFile, type AccessJob, type AccessOutcome } from '@objscope/api';
import { decodeSnapshot } from '@objscope/core';
import type { SnapshotJobReply, SnapshotJobRequest } from './snapshot-jobs';

function access(bytes: Uint8Array, job: AccessJob): AccessOutcome {
  const r = decodeSnapshot(bytes);
  if (!r.ok) return { ok: false, code: 'INTERNAL_SERVER_ERROR', message: r.error };
  return answerAccess(r.snapshot, job);
}

const port = parentPort;
if (!port) throw new Error('snapshot-jobs.mjs runs only as a worker thread');

port.on('message', (req: SnapshotJobRequest) => {
  let reply: SnapshotJobReply;
  try {
    reply =
      req.kind === 'diff'
        ? { id: req.id, kind: 'diff', outcome: diffUploads(req.job) }
        : req.kind === 'export'
          ? { id: req.id, kind: 'export', outcome: exportFile(req.bytes) }
          : { id: req.id, kind: 'access', outcome: access(req.bytes, req.job) };
  } catch (e) {
    // decodeSnapshot never throws; a RangeError from the diff itself still gets one sentence.
    const message = e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 200) : String(e).slice(0, 200);
    reply = { id: req.id, kind: 'failed', outcome: { ok: false, code: 'INTERNAL_SERVER_ERROR', message } };
  }
  port.postMessage(reply);
});
port.postMessage({ id: 0, kind: 'ready' });
