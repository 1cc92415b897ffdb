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

async function runServe(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv[0] === 'serve' ? argv.slice(1) : argv,
      options: {
        snapshot: { type: 'string' },
        share: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'no-open': { type: 'boolean' },
        sample: { type: 'boolean' },
        fleet: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (e) {
    return fail(badArguments(e));
  }
  const v = parsed.values;
  let shareFleet = false;
  if (v.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // `--share STORE` (a directory): share a fleet alone; its explorer tab shows the bundled sample.
  if (v.share && isDirectory(v.share)) {
    if (v.fleet) return fail('--share names one thing to share: a snapshot FILE (with --fleet STORE beside it) or a fleet STORE');
    v.fleet = v.share;
    v.share = undefined;
    v.sample = true;
    shareFleet = true;
  }
  if (v.share && v.snapshot) return fail('--share and --snapshot are exclusive');
  if (v.sample && (v.share || v.snapshot)) return fail(`--sample and --${v.share ? 'share' : 'snapshot'} are exclusive`);
  const sharing = Boolean(v.share) || shareFleet;
  if (sharing && !v.host) return fail('--share needs --host ADDR: the address others will reach it on');
  if (v.host && !sharing) return fail('--host is only for --share: live data and private snapshots stay on 127.0.0.1');
  if (v.host && !/^[A-Za-z0-9.:-]+$/.test(v.host)) return fail(`--host ${JSON.stringify(v.host)} is not an address`);
  let port = DEFAULT_PORT;
  if (v.port !== undefined) {
    if (!/^\d+$/.test(v.port) || Number(v.port) > 65535) return fail(`--port must be 0..65535 (got ${JSON.stringify(v.port)})`);
    port = Number(v.port);
  }

  let picked: Picked | string;
  try {
    picked = await pickSource(v);
  } catch (e) {
    // The live source can fail to start (koffi missing, ntdll refusing); one line, no stack.
    picked = `cannot open the live namespace: ${(e as Error).message}`;
  }
  if (typeof picked === 'string') return fail(escapeForTerminal(picked));
  const { source } = picked;
  const info = await source.info();

  let fleet: { fleet: FleetQuestions; close: () => void } | null = null;
  if (v.fleet !== undefined) {
    const { openFleetQuestions } = await import('../fleet-questions');
    const opened = await openFleetQuestions(v.fleet);
    if (!opened.ok) return fail(`--fleet: ${escapeForTerminal(opened.error)}`);
    fleet = opened;
  }

  let running;
  try {
    running = await startServer({
      source,
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
    fleet?.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRNOTAVAIL') return fail(`cannot bind ${v.host}: not an address of this machine`);
    if (code === 'EADDRINUSE' && v.port !== undefined) return fail(`port ${port} is taken; choose another with --port N, or --port 0 for any free one`);
    return fail(`cannot listen: ${code ?? (e as Error).message}`);
  }

  process.stdout.write(`objscope: ${escapeForTerminal(info.label)}\n`);
  if (running.port !== port && port !== 0) process.stdout.write(`objscope: port ${port} is taken; took ${running.port} instead\n`);
  if (v.share && !isLoopback(v.host!)) process.stdout.write('objscope: share mode: this one snapshot, read-only, to anyone who can reach the address\n');
  if (fleet) {
    process.stdout.write(`objscope: fleet ${escapeForTerminal(fleet.fleet.label)}: the Fleet view (named questions only${sharing ? ', shared read-only' : ''})\n`);
  }
  process.stdout.write(`objscope: listening on ${running.url}\n`);
  // BROWSER=none is the convention (create-react-app, Next) for "serve, but open nothing".
  if (!v['no-open'] && process.stdout.isTTY && !process.env.CI && process.env.BROWSER !== 'none') openBrowser(fleet ? `${running.url}?view=fleet` : running.url);

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
