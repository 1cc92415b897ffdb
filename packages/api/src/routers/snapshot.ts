import type { Snapshot, SnapshotDiff } from '@objscope/core';
import { decodeSnapshot, diffSnapshots, encodeSnapshot } from '@objscope/core';
import { z } from 'zod';
import { base64DecodedLength, base64ToBytes, bytesToBase64 } from '../base64';
import { DIFF_DEFAULT_LIMIT, DIFF_MAX_LIMIT, ntPath, typeList } from '../inputs';
import { TRPCError, publicProcedure, router } from '../trpc';

/** `objscope-<host>-<yyyymmdd-hhmmss>.objscope.gz`, with only filename-safe characters. */
export function snapshotFileName(s: Snapshot): string {
  const host = (s.meta.host ?? s.meta.source).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 64) || 'snapshot';
  const t = new Date(s.meta.capturedAt);
  const stamp = Number.isNaN(t.getTime())
    ? 'unknown-time'
    : t.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  return `objscope-${host}-${stamp}.objscope.gz`;
}

export const snapshotRouter = router({
  export: publicProcedure.query(async ({ ctx, signal }) => {
    const snap = await ctx.source.snapshot(undefined, signal);
    return { fileName: snapshotFileName(snap), base64: bytesToBase64(encodeSnapshot(snap)) };
  }),

  diff: publicProcedure
    .input(
      z.object({
        a: z.string().min(1),
        b: z.string().min(1),
        under: ntPath.optional(),
        types: typeList.optional(),
        limit: z.number().int().min(1).max(DIFF_MAX_LIMIT).default(DIFF_DEFAULT_LIMIT),
      }),
    )
    .query(({ ctx, input }): SnapshotDiff => {
      const a = load(input.a, 'first', ctx.limits.maxDiffFileBytes);
      const b = load(input.b, 'second', ctx.limits.maxDiffFileBytes);
      return diffSnapshots(a, b, { under: input.under, types: input.types, limit: input.limit });
    }),
});

function load(text: string, which: string, maxBytes: number): Snapshot {
  if (base64DecodedLength(text) > maxBytes) {
    throw new TRPCError({
      code: 'PAYLOAD_TOO_LARGE',
      message: `the ${which} snapshot is larger than ${Math.round(maxBytes / 1048576)} MiB`,
    });
  }
  const bytes = base64ToBytes(text);
  if (!bytes) throw new TRPCError({ code: 'BAD_REQUEST', message: `the ${which} snapshot is not valid base64` });
  const r = decodeSnapshot(bytes);
  if (!r.ok) throw new TRPCError({ code: 'BAD_REQUEST', message: `${which} snapshot: ${r.error}` });
  return r.snapshot;
}
