// `objscope`: the command registry and the global flags. With no command (or only flags such
// as --snapshot/--port) it starts the agent (serve). `--wine` re-runs the same command inside
// Wine when this is not Windows.
import type { CliCommand } from './commands/types';
import { command as ls } from './commands/ls';
import { command as info } from './commands/info';
import { command as types } from './commands/objtypes';
import { command as memory } from './commands/memory';
import { command as snapshot } from './commands/snapshot';
import { command as benchWalk } from './commands/bench-walk';
import { command as zombies } from './commands/zombies';
import { command as handles } from './commands/handles';
import { command as serve } from './commands/serve';
import { command as exportSite } from './commands/export-site';
import { sampleSnapshotPath } from './server/paths';
import { DEFAULT_PORT } from './server/server';
import { command as access } from './commands/access';
import { command as fleet } from './commands/fleet';
import { nodeArchProblem } from '@objscope/core';

export const COMMANDS: ReadonlyMap<string, CliCommand> = new Map(
  [serve, ls, info, types, memory, zombies, handles, access, snapshot, exportSite, fleet, benchWalk].map((c) => [c.name, c]),
);

function help(): string {
  const lines = [...COMMANDS.values()].filter((c) => !c.hidden).map((c) => `  ${c.name.padEnd(12)} ${c.summary}`);
  return [
    'objscope: the Windows object namespace (WinObj in a browser), live or from snapshots',
    '',
    'usage: objscope [--wine] [--sample] [COMMAND] [ARGS]',
    ...lines,
    '',
    'The agent (objscope [serve]):',
    `  --snapshot FILE   serve a snapshot file, read-only`,
    '  --share FILE      serve only this snapshot to others, on the address given by --host',
    '  --host ADDR       the address to bind in share mode (127.0.0.1 otherwise)',
    '  --fleet STORE     also the Fleet view over a fleet store; --share STORE shares a fleet alone',
    `  --port N          the port (without it ${DEFAULT_PORT}, or the next free one; named and taken, an error; 0 = any)`,
    '  --no-open         do not open the browser (BROWSER=none does the same)',
    'The read commands (ls, info, types, memory, zombies, handles, access):',
    '  --snapshot FILE   read a snapshot file instead of the live namespace',
    '  --json            machine-readable output',
    '  --recursive       ls: the whole subtree',
    '  --pid N           handles: the named objects process N holds',
    'access:',
    '  --as PRINCIPAL    who asks (current, low, restricted, appcontainer[:CAP,…], everyone, anonymous, SIDs)',
    '  --find            every object the principal gets --rights to (under --under PATH; at most --limit N)',
    '  --weak            objects with a NULL or empty DACL, or write rights for broad groups',
    '  --verify          live: ask the kernel too (NtAccessCheck with a token made for each principal); exit 3 if it disagrees',
    'fleet (add, find, drift, zombies, sql STORE):',
    '  --host NAME       add: the host name for a single snapshot file',
    '  --type T          find: only objects of this type',
    '  --regex           find: PATTERN is an RE2 regular expression, not a glob',
    '  --history         find: when each match first and last appeared on each host',
    '  --at TIME         the snapshot current at TIME instead of the latest per host',
    '  --baseline HOST   drift: the host the others are compared with',
    '  --limit N         at most N rows',
    'snapshot:',
    '  -o FILE           the file to write',
    '  --no-details      names, types and targets only, not every object\'s details',
    '  --handles         also record which process holds which named object',
    'export-site:',
    '  --force           write into a folder that is not empty',
    'Everywhere:',
    '  --wine            run the command inside Wine (Linux), against the harness prefix',
    '  --sample          read the bundled sample snapshot, as objscope does where there is no live source',
    '  -h, --help        this help; objscope COMMAND --help for one command',
    '  --version         the version',
    '',
  ].join('\n');
}

/** Commands that read an ObjectSource and take --snapshot FILE. Where there is no live source
 * they read the bundled sample, as the UI does, and say so; --sample asks for it anywhere. */
const SAMPLE_READERS: ReadonlySet<string> = new Set(['ls', 'info', 'types', 'memory', 'zombies', 'handles', 'access']);

const NO_LIVE_NOTE = `objscope: no live source on ${process.platform}: reading the bundled sample snapshot (--wine for the live Wine namespace, --snapshot FILE for another)\n`;

/** `args` for a read command given --sample, or (off Windows) neither --snapshot nor --help,
 * with whether to say so; else `args` unchanged. A string is a usage error. */
function withSample(name: string, args: string[], asked: boolean): { args: string[]; note: boolean } | string {
  const has = (flag: string) => args.some((a) => a === flag || a.startsWith(`${flag}=`));
  if (asked) {
    if (!SAMPLE_READERS.has(name)) return `--sample is for the read commands (${[...SAMPLE_READERS].join(', ')}) and the agent, not ${name}`;
    if (has('--snapshot')) return '--sample and --snapshot are exclusive';
    return { args: ['--snapshot', sampleSnapshotPath(), ...args], note: false };
  }
  if (process.platform === 'win32' || !SAMPLE_READERS.has(name)) return { args, note: false };
  if (has('--snapshot') || has('--help') || args.includes('-h')) return { args, note: false };
  return { args: ['--snapshot', sampleSnapshotPath(), ...args], note: true };
}

export async function main(argv: string[]): Promise<number> {
  const wineAt = argv.indexOf('--wine');
  if (wineAt !== -1) {
    const rest = [...argv.slice(0, wineAt), ...argv.slice(wineAt + 1)];
    if (process.platform !== 'win32') return (await import('./wine')).runUnderWine(rest);
    argv = rest;
  }
  const archProblem = nodeArchProblem(process.platform, process.arch);
  if (archProblem) {
    process.stderr.write(`objscope: ${archProblem}\n`);
    return 1;
  }
  // --sample may stand anywhere, like --wine; the agent takes it itself (it labels the page).
  const asked = argv.includes('--sample');
  if (asked) argv = argv.filter((a) => a !== '--sample');
  const first = argv[0];
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(help());
    return 0;
  }
  if (first === '--version') {
    process.stdout.write('objscope 0.1.0\n');
    return 0;
  }
  if (first === undefined || first.startsWith('-')) return serve.run(asked ? [...argv, '--sample'] : argv);
  const cmd = COMMANDS.get(first);
  if (!cmd) {
    process.stderr.write(`objscope: unknown command ${JSON.stringify(first)}; see objscope --help\n`);
    return 2;
  }
  const rest = argv.slice(1);
  if (cmd === serve) return serve.run(asked ? [...rest, '--sample'] : rest);
  const picked = withSample(cmd.name, rest, asked);
  if (typeof picked === 'string') {
    process.stderr.write(`objscope: ${picked}\n`);
    return 2;
  }
  const code = await cmd.run(picked.args);
  // Said after a successful answer, last on the screen: a failure (a bad option, a missing
  // path) stays the one line it is everywhere else.
  if (picked.note && code === 0) process.stderr.write(NO_LIVE_NOTE);
  return code;
}

// Exit through exitCode, never process.exit: stdout may be a file under Wine that is still
// being written, and a running server keeps the loop alive by itself.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`objscope: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
