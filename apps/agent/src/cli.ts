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
import { command as fleet } from './commands/fleet';

export const COMMANDS: ReadonlyMap<string, CliCommand> = new Map(
  [serve, ls, info, types, memory, zombies, handles, snapshot, exportSite, fleet, benchWalk].map((c) => [c.name, c]),
);

function help(): string {
  const lines = [...COMMANDS.values()].filter((c) => !c.hidden).map((c) => `  ${c.name.padEnd(12)} ${c.summary}`);
  return [
    'objscope: the Windows object namespace (WinObj in a browser), live or from snapshots',
    '',
    'usage: objscope [--wine] [COMMAND] [ARGS]',
    ...lines,
    '',
    '  --wine       run the command inside Wine (Linux), against the harness prefix',
    '  --snapshot F read commands (ls, info, types, memory, zombies) read a snapshot file instead',
    '',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const wineAt = argv.indexOf('--wine');
  if (wineAt !== -1) {
    const rest = [...argv.slice(0, wineAt), ...argv.slice(wineAt + 1)];
    if (process.platform !== 'win32') return (await import('./wine')).runUnderWine(rest);
    argv = rest;
  }
  const first = argv[0];
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(help());
    return 0;
  }
  if (first === '--version') {
    process.stdout.write('objscope 0.1.0\n');
    return 0;
  }
  if (first === undefined || first.startsWith('-')) return serve.run(argv);
  const cmd = COMMANDS.get(first);
  if (!cmd) {
    process.stderr.write(`objscope: unknown command ${JSON.stringify(first)}; see objscope --help\n`);
    return 2;
  }
  return cmd.run(argv.slice(1));
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
