// The committed JSON Schema is generated from the zod schema the loader uses. Regenerate with
// OBJSCOPE_UPDATE_SCHEMA=1 npx vitest run --project unit packages/core/test/schema.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeSnapshotJson, readSchemas, snapshotJsonSchema, synthesizeSnapshot } from '../src/index';

const schemaFile = fileURLToPath(new URL('../schema/snapshot.schema.json', import.meta.url));
const generated = `${JSON.stringify(snapshotJsonSchema(), null, 2)}\n`;
if (process.env.OBJSCOPE_UPDATE_SCHEMA === '1') writeFileSync(schemaFile, generated);

describe('snapshot JSON Schema', () => {
  it('the committed schema file equals the one generated from the zod schema', () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(generated);
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
