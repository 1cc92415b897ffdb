// The zombie scan's worker thread (bundled to dist/zombie-worker.mjs): scanZombies() makes
// thousands of synchronous ntdll calls (0.2-0.9 s for 500-2,000 zombies under Wine), which on
// the agent's only event loop would stall every HTTP request and subscription. koffi is loaded
// here by the NT layer's first call, independently of the main thread's copy.
import { parentPort } from 'node:worker_threads';
import { scanZombies, ZombieScanError } from '@objscope/nt';
import type { ZombieWorkerReply, ZombieWorkerRequest } from './zombie-worker';

const port = parentPort;
if (!port) throw new Error('zombie-worker.mjs runs only as a worker thread');

port.on('message', (req: ZombieWorkerRequest) => {
  let reply: ZombieWorkerReply;
  try {
    reply = { id: req.id, kind: 'report', report: scanZombies() };
  } catch (e) {
    // A class does not survive structured cloning: say which failure it was in the reply.
    reply =
      e instanceof ZombieScanError
        ? { id: req.id, kind: 'unavailable', message: e.message }
        : { id: req.id, kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  port.postMessage(reply);
});
// Only once the bundle (and so the NT layer's module code) has loaded: until then a failure
// means "workers cannot run here", not "this scan failed".
port.postMessage({ id: 0, kind: 'ready' } satisfies ZombieWorkerReply);
