import type { SnapshotDiff } from '@objscope/core';
import { z } from 'zod';
import { diffUploads, exportOf, uploadTooLarge, type DiffJob, type JobFailure, type SnapshotExport } from '../snapshot-jobs';
import { DIFF_DEFAULT_LIMIT, DIFF_MAX_LIMIT, ntPath, typeList } from '../inputs';
import { TRPCError, publicProcedure, router } from '../trpc';

function fail(f: JobFailure): never {
  throw new TRPCError({ code: f.code, message: f.message });
}

export const snapshotRouter = router({
  /** The whole source as a snapshot file. The agent computes it off the request thread, and
   * once for a snapshot source (which cannot change). */
  export: publicProcedure.query(async ({ ctx, signal }): Promise<SnapshotExport> => {
    if (ctx.jobs) {
      const r = await ctx.jobs.exportSnapshot(signal);
      return r.ok ? r.value : fail(r);
    }
    return exportOf(await ctx.source.snapshot(undefined, signal));
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
    .query(async ({ ctx, input, signal }): Promise<SnapshotDiff> => {
      const job: DiffJob = {
        ...input,
        maxFileBytes: ctx.limits.maxDiffFileBytes,
        maxDecompressedBytes: ctx.limits.maxDiffDecompressedBytes,
      };
      // Sizes known without decoding: refuse here, before any worker starts.
      const big =
        uploadTooLarge(input.a, 'first', job.maxFileBytes, job.maxDecompressedBytes) ??
        uploadTooLarge(input.b, 'second', job.maxFileBytes, job.maxDecompressedBytes);
      if (big) fail(big);
      const r = ctx.jobs ? await ctx.jobs.diff(job, signal) : diffUploads(job);
      return r.ok ? r.diff : fail(r);
    }),
});
