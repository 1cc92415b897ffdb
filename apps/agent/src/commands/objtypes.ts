// `objscope types [--json] [--snapshot FILE]`: object types with object and handle counts.
import { escapeForTerminal, out, printJson, table, usageError } from '../output';
import { parseCommandArgs, sourceOrExit } from './common';
import type { CliCommand } from './types';

const USAGE = 'objscope types [--json] [--snapshot FILE]';

async function runTypes(argv: string[]): Promise<number> {
  const a = await parseCommandArgs('types', USAGE, argv, { json: { type: 'boolean' }, snapshot: { type: 'string' } });
  if (typeof a === 'number') return a;
  if (a.positionals.length) return usageError(`types: unexpected argument ${JSON.stringify(a.positionals[0])} (usage: ${USAGE})`);
  const source = await sourceOrExit(a.values.snapshot);
  if (typeof source === 'number') return source;
  const types = await source.typeStats();
  if (a.values.json) {
    await printJson(types);
    return 0;
  }
  const rows = types.map((t) => [escapeForTerminal(t.name), t.index === null ? '' : String(t.index), String(t.objects), String(t.handles), String(t.peakObjects), String(t.peakHandles)]);
  await out(
    table(
      [
        { header: 'Type' },
        { header: 'Index', align: 'right' },
        { header: 'Objects', align: 'right' },
        { header: 'Handles', align: 'right' },
        { header: 'Peak objects', align: 'right' },
        { header: 'Peak handles', align: 'right' },
      ],
      rows,
    ),
  );
  return 0;
}

export const command: CliCommand = { name: 'types', summary: 'types [--json]: object types with object and handle counts', run: runTypes };
