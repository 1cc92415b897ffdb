// The holder scans' worker thread (bundled to dist/holders-worker.mjs; holders-worker.ts drives
// it). Long-lived: the NT layer's scanner and its cache live here for as long as the thread does,
// so a second lookup reuses what the first duplicated and named. koffi is loaded here by the NT
// layer's first call, independently of the main thread's copy.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { findHolders, processHandles, type HolderScanOptions } from '@objscope/nt';
import { HOLDERS_PAUSE_ENV, type HoldersWorkerReply, type HoldersWorkerRequest } from './holders-worker';

const port = parentPort;
if (!port) throw new Error('holders-worker.mjs runs only as a worker thread');

function pauseHook(): HolderScanOptions {
  const dir = process.env[HOLDERS_PAUSE_ENV];
  if (!dir) return {};
  return {
    afterTableRead: () => {
      writeFileSync(join(dir, 'table-read'), '1');
      const cell = new Int32Array(new SharedArrayBuffer(4));
      const until = Date.now() + 60_000;
      while (!existsSync(join(dir, 'continue')) && Date.now() < until) Atomics.wait(cell, 0, 0, 20);
    },
  };
}

port.on('message', (req: HoldersWorkerRequest) => {
  let reply: HoldersWorkerReply;
  try {
    reply =
      req.kind === 'holders'
        ? { id: req.id, kind: 'holders', result: findHolders(req.path, req.type, pauseHook()) }
        : { id: req.id, kind: 'process', result: processHandles(req.pid) };
  } catch (e) {
    reply = { id: req.id, kind: 'failed', message: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 200) : String(e).slice(0, 200) };
  }
  port.postMessage(reply);
});
// Only once the bundle (and so the NT layer's module code) has loaded.
port.postMessage({ id: 0, kind: 'ready' });
