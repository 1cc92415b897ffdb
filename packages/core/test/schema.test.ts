// The committed JSON Schema is generated from the zod schema the loader uses. This test only
// compares; regenerate the golden file on purpose with `npm run update-schema`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeSnapshotJson, readSchemas, snapshotJsonSchema } from '../src/index';
import { synthesizeSnapshot } from '../testing/index';

const schemaFile = fileURLToPath(new URL('../schema/snapshot.schema.json', import.meta.url));
const generated = `${JSON.stringify(snapshotJsonSchema(), null, 2)}\n`;

describe('snapshot JSON Schema', () => {
  it('the committed schema file equals the one generated from the zod schema', () => {
    expect(readFileSync(schemaFile, 'utf8'), 'stale golden file: run `npm run update-schema`').toBe(generated);
  });

  it('describes the document: format and version are constants, every top-level field is required', () => {
    const s = snapshotJsonSchema() as {
      properties: Record<string, { const?: unknown }>;
      required: string[];
      additionalProperties: unknown;
    };
    expect(s.properties.format?.const).toBe('objscope-snapshot');
    expect(s.properties.version?.const).toBe(2);
    expect([...s.required].sort()).toEqual(['format', 'memory', 'meta', 'tree', 'typeNames', 'types', 'version', 'zombies']);
    expect(s.additionalProperties).toBe(false);
  });

  it('a synthetic snapshot written by the encoder validates against the reading schema', () => {
    const doc = JSON.parse(encodeSnapshotJson(synthesizeSnapshot({ objects: 500, bigDirectoryEntries: 20 })));
    expect(readSchemas.document.safeParse(doc).success).toBe(true);
  });
});
