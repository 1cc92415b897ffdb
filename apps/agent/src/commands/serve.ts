// `objscope` / `objscope serve`: the local agent. Live on Windows (and under Wine via the CLI's
// --wine), the bundled sample elsewhere, any snapshot with --snapshot, and share mode that
// serves one snapshot on one named address and nothing else.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { ObjectSource } from '@objscope/core';
import { escapeForTerminal } from '../output';
import { statSync } from 'node:fs';
import type { FleetQuestions } from '@objscope/api';
import { isLoopback } from '../server/security';
import { loadSnapshotFile, snapshotSource } from '../snapshot-file';
import { sampleSnapshotPath, webRoot } from '../server/paths';
import { DEFAULT_PORT, startServer } from '../server/server';
import type { CliCommand } from './types';

const USAGE = `usage: objscope [serve] [--snapshot FILE | --sample | --share FILE --host ADDR] [--fleet STORE] [--port N] [--no-open]
  (no source flag)     live namespace on Windows; the bundled sample snapshot elsewhere
  --sample             the bundled sample snapshot, also on Windows
  --snapshot FILE      serve a snapshot file, read-only
  --share FILE         serve only this snapshot to others, on the address given by --host
  --host ADDR          the address to bind in share mode (the agent binds 127.0.0.1 otherwise)
  --fleet STORE        also serve the Fleet view over a fleet store (objscope fleet add); shared
                       read-only with --share, or alone with --share STORE (the explorer then shows the sample)
  --port N             port (an error when taken; 0 = any free one); without it ${DEFAULT_PORT}, or the next free one
  --no-open            do not open the browser`;

function fail(message: string): number {
  process.stderr.write(`objscope: ${message}\n`);
  return 2;
}

/**
 * parseArgs' complaint as one line (its own messages go on with advice about `--` that does not
 * apply here): the README promises one line and exit code 2 for every bad option, with the
 * usage one `--help` away rather than printed in full.
 */
function badArguments(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const quoted = /'([^']*)'/.exec(err.message)?.[1];
  const what = quoted === undefined ? '' : JSON.stringify(quoted);
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${what}; see objscope --help`;
  if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return `unexpected argument ${what}: a command comes first (objscope COMMAND [options]); see objscope --help`;
  }
  return `${err.message.split('\n')[0]!.replace(/\.$/, '')}; see objscope --help`;
}

interface Picked {
  source: ObjectSource;
  /** The file behind a snapshot source, for exports and share-mode upload limits. */
  file: Uint8Array | null;
  textBytes: number | null;
}

async function pickSource(v: { snapshot?: string; share?: string; sample?: boolean }): Promise<Picked | string> {
  if (v.share || v.snapshot) {
    const kind = v.share ? 'share' : 'snapshot';
    const r = loadSnapshotFile((v.share ?? v.snapshot)!);
    return r.ok ? { source: snapshotSource(kind, r.snapshot), file: r.bytes, textBytes: r.textBytes } : r.error;
  }
  if (process.platform === 'win32' && !v.sample) {
    const { openSource } = await import('../sources');
    return { source: await openSource({}), file: null, textBytes: null };
  }
  const r = loadSnapshotFile(sampleSnapshotPath());
  if (!r.ok) return `the bundled sample snapshot is unusable (${r.error}); pass --snapshot FILE`;
  return { source: snapshotSource('sample', r.snapshot), file: r.bytes, textBytes: r.textBytes };
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Best effort: a missing xdg-open (a server, a container) must never stop the agent. */
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'win32'
      ? ['cmd', ['/c', 'start', '""', url]]
      : process.platform === 'darwin'
        ? ['open', [url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // ignored on purpose, see above
  }
}

const OPTIONS = {
  snapshot: { type: 'string' },
  share: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'no-open': { type: 'boolean' },
  sample: { type: 'boolean' },
  fleet: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type ServeValues = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];

/** The options once checked against each other: what to serve, where, and to whom. */
interface ServePlan {
  values: ServeValues;
  port: number;
  /** Serving to others, on --host: a snapshot, a fleet store, or both. */
  sharing: boolean;
}

async function runServe(argv: string[]): Promise<number> {
  let values: ServeValues;
  try {
    values = parseArgs({ args: argv[0] === 'serve' ? argv.slice(1) : argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    return fail(badArguments(e));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const plan = planServe(values);
  if (typeof plan === 'string') return fail(plan);
  const v = plan.values;

  let picked: Picked | string;
  try {
    picked = await pickSource(v);
  } catch (e) {
    // The live source can fail to start (koffi missing, ntdll refusing); one line, no stack.
    picked = `cannot open the live namespace: ${(e as Error).message}`;
  }
  if (typeof picked === 'string') return fail(escapeForTerminal(picked));
  const info = await picked.source.info();

  let fleet: OpenedFleet | null = null;
  if (v.fleet !== undefined) {
    const { openFleetQuestions } = await import('../fleet-questions');
    const opened = await openFleetQuestions(v.fleet);
    if (!opened.ok) return fail(`--fleet: ${escapeForTerminal(opened.error)}`);
    fleet = opened;
  }

  const running = await listen(plan, picked, fleet);
  if (typeof running === 'string') {
    fleet?.close();
    return fail(running);
  }
  announce(plan, info.label, running, fleet);
  // BROWSER=none is the convention (create-react-app, Next) for "serve, but open nothing".
  if (!v['no-open'] && process.stdout.isTTY && !process.env.CI && process.env.BROWSER !== 'none') openBrowser(fleet ? `${running.url}?view=fleet` : running.url);
  return untilSignalled(running, fleet);
}

/** The options checked against each other, or the one line that says what is wrong. */
function planServe(v: ServeValues): ServePlan | string {
  let shareFleet = false;
  // `--share STORE` (a directory): share a fleet alone; its explorer tab shows the bundled sample.
  if (v.share && isDirectory(v.share)) {
    if (v.fleet) return '--share names one thing to share: a snapshot FILE (with --fleet STORE beside it) or a fleet STORE';
    v = { ...v, fleet: v.share, share: undefined, sample: true };
    shareFleet = true;
  }
  if (v.share && v.snapshot) return '--share and --snapshot are exclusive';
  if (v.sample && (v.share || v.snapshot)) return `--sample and --${v.share ? 'share' : 'snapshot'} are exclusive`;
  const sharing = Boolean(v.share) || shareFleet;
  if (sharing && !v.host) return '--share needs --host ADDR: the address others will reach it on';
  if (v.host && !sharing) return '--host is only for --share: live data and private snapshots stay on 127.0.0.1';
  if (v.host && !/^[A-Za-z0-9.:-]+$/.test(v.host)) return `--host ${JSON.stringify(v.host)} is not an address`;
  let port = DEFAULT_PORT;
  if (v.port !== undefined) {
    if (!/^\d+$/.test(v.port) || Number(v.port) > 65535) return `--port must be 0..65535 (got ${JSON.stringify(v.port)})`;
    port = Number(v.port);
  }
  return { values: v, port, sharing };
}

type OpenedFleet = { fleet: FleetQuestions; close: () => void };
type Running = Awaited<ReturnType<typeof startServer>>;

/** The server started, or why it could not listen, in the words of the option that caused it. */
async function listen({ values: v, port, sharing }: ServePlan, picked: Picked, fleet: OpenedFleet | null): Promise<Running | string> {
  try {
    return await startServer({
      source: picked.source,
      snapshotFile: picked.file,
      snapshotTextBytes: picked.textBytes,
      port,
      // A port the user named is the one they will look at: taken, it is an error, not a move.
      exactPort: v.port !== undefined,
      shareHost: sharing ? v.host! : null,
      fleet: fleet?.fleet ?? null,
      webRoot: webRoot(),
      onRefused: ({ method, url, reason }) => process.stderr.write(`objscope: refused ${method} ${JSON.stringify(url)}: ${reason}\n`),
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRNOTAVAIL') return `cannot bind ${v.host}: not an address of this machine`;
    if (code === 'EADDRINUSE' && v.port !== undefined) return `port ${port} is taken; choose another with --port N, or --port 0 for any free one`;
    return `cannot listen: ${code ?? (e as Error).message}`;
  }
}

function announce({ values: v, port, sharing }: ServePlan, label: string, running: Running, fleet: OpenedFleet | null): void {
  process.stdout.write(`objscope: ${escapeForTerminal(label)}\n`);
  if (running.port !== port && port !== 0) process.stdout.write(`objscope: port ${port} is taken; took ${running.port} instead\n`);
  if (v.share && !isLoopback(v.host!)) process.stdout.write('objscope: share mode: this one snapshot, read-only, to anyone who can reach the address\n');
  if (fleet) {
    process.stdout.write(`objscope: fleet ${escapeForTerminal(fleet.fleet.label)}: the Fleet view (named questions only${sharing ? ', shared read-only' : ''})\n`);
  }
  process.stdout.write(`objscope: listening on ${running.url}\n`);
}

/** Serves until SIGINT or SIGTERM, then closes the server and the fleet store; exit code 0. */
function untilSignalled(running: Running, fleet: OpenedFleet | null): Promise<number> {
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void running.close().then(() => {
        fleet?.close();
        resolve(0);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const command: CliCommand = {
  name: 'serve',
  summary: 'start the local agent (HTTP API + web UI); the default command',
  run: runServe,
};
