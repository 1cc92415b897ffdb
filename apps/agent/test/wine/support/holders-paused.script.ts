// A holder search paused between its handle-table read and its first duplicate, so that a test
// can make a holder exit in that window (../handles.test.ts). Test support, not shipped: the CLI
// has no flag for it. Run with the Windows build of Node through windows-script.ts, job
// `{ path, type, dir }` (dir a Windows path): it writes DIR\table-read once the table and the
// object's handle count are read, waits (at most a minute) for DIR\continue, and prints the
// search's report as JSON. The same NT-layer call `objscope handles PATH` makes through the live
// source (a fresh search in a process of its own).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findHolders } from '@objscope/nt';

const job = JSON.parse(process.argv[2] ?? '{}') as { path: string; type: string; dir: string };

function waitForFile(file: string, ms: number): void {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + ms;
  while (!existsSync(file) && Date.now() < until) Atomics.wait(cell, 0, 0, 20);
}

const r = findHolders(job.path, job.type, {
  fresh: true,
  afterTableRead: () => {
    writeFileSync(join(job.dir, 'table-read'), '1');
    waitForFile(join(job.dir, 'continue'), 60_000);
  },
});
process.stdout.write(`${JSON.stringify(r)}\n`);
