// The scan process (bundled to dist/holders-worker.mjs; holders-worker.ts and scan-process.ts
// drive it): a child process of the agent, long-lived, one job at a time. The NT layer's holder
// scanner and the facts it learned (names by handle, never handles) live here for as long as the
// process does. Every job closes what it opened before it answers; a job stopped for its time
// or memory limit ends the process, and the kernel closes whatever it still had open.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { holderScanner, scanZombies, ZombieScanError, type HolderScanOptions } from '@objscope/nt';
import { HOLDERS_PAUSE_ENV, type HoldersWorkerReply, type HoldersWorkerRequest } from './holders-worker';

const send = process.send?.bind(process);
if (!send) throw new Error('holders-worker.mjs runs only as the agent’s scan process (child_process.fork)');

// The agent is objscope too: its handles are never holders, and never zombie holders.
const scanner = holderScanner({ alsoSelf: [process.ppid] });

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

function answer(req: HoldersWorkerRequest): HoldersWorkerReply {
  switch (req.kind) {
    case 'holders':
      return { id: req.id, kind: 'holders', result: scanner.holders(req.path, req.type, pauseHook()) };
    case 'process':
      return { id: req.id, kind: 'process', result: scanner.processHandles(req.pid) };
    case 'zombies':
      try {
        return { id: req.id, kind: 'zombies', report: scanZombies({ alsoSelf: scanner.objscopePids }) };
      } catch (e) {
        if (e instanceof ZombieScanError) return { id: req.id, kind: 'zombies', report: null };
        throw e;
      }
  }
}

process.on('message', (req: HoldersWorkerRequest) => {
  let reply: HoldersWorkerReply;
  try {
    reply = answer(req);
  } catch (e) {
    reply = { id: req.id, kind: 'failed', message: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 200) : String(e).slice(0, 200) };
  }
  send(reply);
});
// The agent went away (even killed): nothing is left to answer, and exiting closes every handle.
process.on('disconnect', () => process.exit(0));
// Only once the bundle (and so the NT layer's module code) has loaded.
send({ id: 0, kind: 'ready' });
