// Argument parsing and source opening shared by the read commands (ls, info, types, memory).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ObjectSource } from '@objscope/core';
import type { LiveSource } from '../live-source';
import { openLiveSource, openSource, SourceError } from '../sources';
import { usageError } from '../output';
import { STATUS } from '@objscope/core';

/** parseArgs that reports bad usage as one line + exit 2 instead of throwing. */
export async function parseCommandArgs(
  name: string,
  usage: string,
  argv: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): Promise<{ values: Record<string, string | boolean | undefined>; positionals: string[] } | number> {
  try {
    const r = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    if (r.values.help) {
      process.stdout.write(`usage: ${usage}\n`);
      return 0;
    }
    return { values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals };
  } catch (e) {
    return usageError(`${name}: ${(e as Error).message.split('\n')[0]} (usage: ${usage})`);
  }
}

/** The snapshot named by --snapshot, or the live namespace; failures become exit code 2. */
export async function sourceOrExit(snapshot: string | boolean | undefined): Promise<ObjectSource | number> {
  try {
    return await openSource(typeof snapshot === 'string' ? { snapshot } : {});
  } catch (e) {
    if (e instanceof SourceError) return usageError(e.message);
    throw e;
  }
}

export async function liveOrExit(): Promise<LiveSource | number> {
  try {
    return await openLiveSource();
  } catch (e) {
    if (e instanceof SourceError) return usageError(e.message);
    throw e;
  }
}

/** Statuses that mean "this path does not name something listable": bad input, exit 2. */
export const NOT_FOUND_STATUSES: ReadonlySet<number> = new Set([
  STATUS.OBJECT_NAME_INVALID,
  STATUS.OBJECT_NAME_NOT_FOUND,
  STATUS.OBJECT_PATH_INVALID,
  STATUS.OBJECT_PATH_NOT_FOUND,
  STATUS.OBJECT_PATH_SYNTAX_BAD,
  STATUS.OBJECT_TYPE_MISMATCH, // not a directory
  STATUS.NOT_A_DIRECTORY,
]);
