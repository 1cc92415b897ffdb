#!/usr/bin/env node
// `npm run update-schema`: rewrites packages/core/schema/snapshot.schema.json from the zod
// schema the loader uses. The golden file changes only here, on purpose, never from a test run
// (packages/core/test/schema.test.ts compares and fails; it never writes).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/workspace.mjs';
import { importTs } from './lib/import-ts.mjs';

/** @type {{ snapshotJsonSchema: () => unknown }} */
const core = await importTs(ROOT, "export { snapshotJsonSchema } from './packages/core/src/index.ts';");
const file = join(ROOT, 'packages', 'core', 'schema', 'snapshot.schema.json');
writeFileSync(file, `${JSON.stringify(core.snapshotJsonSchema(), null, 2)}\n`);
console.log(`objscope: wrote ${file}`);

// The fleet store's tables (packages/fleet/src/schema.ts): the golden copy that
// packages/fleet/test/schema.test.ts compares, and that docs/fleet.md shows.
/** @type {{ FLEET_TABLES: unknown }} */
const fleet = await importTs(ROOT, "export { FLEET_TABLES } from './packages/fleet/src/schema.ts';");
const fleetFile = join(ROOT, 'packages', 'fleet', 'schema', 'fleet-schema.json');
writeFileSync(fleetFile, `${JSON.stringify(fleet.FLEET_TABLES, null, 2)}\n`);
console.log(`objscope: wrote ${fleetFile}`);
