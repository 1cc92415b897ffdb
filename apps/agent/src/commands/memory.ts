// `objscope memory [--json] [--snapshot FILE]`: the 11 \KernelObjects memory conditions.
import type { MemoryCondition } from '@objscope/core';
import { formatStatus } from '@objscope/core';
import { color, out, printJson, table, usageError } from '../output';
import { parseCommandArgs, sourceOrExit } from './common';
import type { CliCommand } from './types';

const USAGE = 'objscope memory [--json] [--snapshot FILE]';

const KIND_TEXT: Record<MemoryCondition['kind'], string> = {
  'dynamic-link': 'dynamic link -> Event',
  event: 'Event',
  absent: 'absent',
};

async function runMemory(argv: string[]): Promise<number> {
  const a = await parseCommandArgs('memory', USAGE, argv, { json: { type: 'boolean' }, snapshot: { type: 'string' } });
  if (typeof a === 'number') return a;
  if (a.positionals.length) return usageError(`memory: unexpected argument ${JSON.stringify(a.positionals[0])} (usage: ${USAGE})`);
  const source = await sourceOrExit(a.values.snapshot);
  if (typeof source === 'number') return source;
  const conditions = await source.memoryConditions();
  if (a.values.json) {
    await printJson(conditions);
    return 0;
  }
  const rows = conditions.map((c) => [
    c.name,
    KIND_TEXT[c.kind],
    c.signaled === null ? '-' : c.signaled ? 'signaled' : 'not signaled',
    c.error ? formatStatus(c.error.status) : '',
  ]);
  const signaled = conditions.map((c) => c.signaled === true);
  await out(
    table(
      [
        { header: 'Condition' },
        { header: 'Implemented as', paint: (s, i) => (conditions[i]!.kind === 'absent' ? color.dim(s) : s) },
        { header: 'State', paint: (s, i) => (signaled[i] ? color.yellow(s) : s) },
        { header: 'Error', paint: (s) => color.red(s) },
      ],
      rows,
    ),
  );
  return 0;
}

export const command: CliCommand = { name: 'memory', summary: 'memory [--json]: the \\KernelObjects memory conditions', run: runMemory };
