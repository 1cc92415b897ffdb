// DuckDB's Node API loads a native binding per platform. It is imported on first use, never at
// module load: the agent's CLI is one bundle, and an install without the binding (the npm
// package installed offline, where DuckDB is an optional dependency; a platform DuckDB does not
// build for) must still run every other command and say clearly why `fleet` cannot.
import type * as Duck from '@duckdb/node-api';
import { FleetError } from './errors';

type DuckModule = typeof Duck;
let loading: Promise<DuckModule> | null = null;

export async function duckdb(): Promise<DuckModule> {
  // Node always gives a CommonJS package's exports as `default`, and as named exports only when
  // its lexer reads them from the source; objscope.exe carries @duckdb/node-api as one bundled
  // file whose exports the lexer does not see (scripts/package.mjs).
  loading ??= import('@duckdb/node-api').then((m) => (m as unknown as { default?: DuckModule }).default ?? m);
  try {
    return await loading;
  } catch (e) {
    loading = null;
    throw new FleetError(
      `the fleet commands need DuckDB's native binding (@duckdb/node-api 1.5.6-r.1), which could not be loaded here ` +
        `(${(e as Error).message.split('\n')[0]}); npm installs it with objscope when it can reach the registry, ` +
        `or add it beside objscope with \`npm install @duckdb/node-api@1.5.6-r.1\` (README, "Fleet")`,
    );
  }
}
