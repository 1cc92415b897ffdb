// The fleet store's schema is a contract with other engines (docs/fleet.md): the code, the
// golden copy, the document and the Parquet files `add` writes must all say the same thing.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { addSnapshots, Fleet, FLEET_TABLES, schemaMarkdown } from '../src/index';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'objscope-fleet-schema-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('the golden copy equals the tables in code (npm run update-schema rewrites it; a test never does)', () => {
  const golden: unknown = JSON.parse(readFileSync(here('../schema/fleet-schema.json'), 'utf8'));
  expect(golden).toEqual(JSON.parse(JSON.stringify(FLEET_TABLES)));
});

test('docs/fleet.md shows exactly the schema in code, between its markers', () => {
  const doc = readFileSync(here('../../../docs/fleet.md'), 'utf8');
  const m = /<!-- fleet-schema:begin -->\n([\s\S]*?)<!-- fleet-schema:end -->/.exec(doc);
  expect(m?.[1]).toBe(schemaMarkdown());
});

test('the Parquet files written by add have exactly the documented columns and types, in order', async () => {
  const store = join(work, 'store');
  // The Wine sample has a zombie scan but no holders: the handles table is then an empty one
  // declared from the schema, which must describe the same way.
  const r = await addSnapshots(store, [here('../../../apps/agent/assets/sample.objscope.gz')]);
  expect(r.skipped).toEqual([]);
  const fleet = await Fleet.open(store);
  try {
    for (const t of FLEET_TABLES) {
      const d = await fleet.sql(`DESCRIBE SELECT * FROM "${t.name}"`);
      const name = d.columns.indexOf('column_name');
      const type = d.columns.indexOf('column_type');
      expect({ table: t.name, columns: d.rows.map((row) => [row[name], row[type]]) }).toEqual({ table: t.name, columns: t.columns.map((c) => [c.name, c.type]) });
    }
    // The files themselves hold only the stored columns: a derived one (objects.name) is computed.
    const file = readdirSync(join(store, 'objects'), { recursive: true }).map(String).find((f) => f.endsWith('.parquet'))!;
    const d = await fleet.sql(`DESCRIBE SELECT * FROM read_parquet('${join(store, 'objects', file)}', hive_partitioning=false)`);
    const objects = FLEET_TABLES.find((t) => t.name === 'objects')!;
    expect(d.rows.map((row) => row[d.columns.indexOf('column_name')])).toEqual(objects.columns.filter((c) => !c.derived).map((c) => c.name));
    expect(objects.columns.find((c) => c.name === 'name')?.derived).toBeDefined();
    // Derived exactly: the last component, whatever it holds (the sample's names are real Wine names).
    const mismatch = await fleet.sql(`SELECT count(*) FROM objects WHERE path <> '\\' AND path <> (CASE WHEN parent = '\\' THEN '' ELSE parent END) || '\\' || name`);
    expect(mismatch.rows).toEqual([['0']]);
  } finally {
    fleet.close();
  }
});
