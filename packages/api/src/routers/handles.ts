// Holders of a named object and the handles a process holds (#14). Both read-only; the source
// decides how (live: a scan in the agent's holders worker; a snapshot: its recorded `holders`
// section) and answers null when it cannot say at all. The request's signal goes along so a
// client that leaves stops waiting (and frees its place in the scan queue).
import type { HoldersReport, NtResult, ProcessHandlesReport } from '@objscope/core';
import { z } from 'zod';
import { ntPath } from '../inputs';
import { publicProcedure, router } from '../trpc';

/** PIDs are multiples of 4 below 2^32 on Windows; Wine's are small. */
const pid = z.number().int().min(0).max(0xffff_fffc);

export const handlesRouter = router({
  /** Every process with a handle to the object at `path`, plus those that could not be examined. */
  holders: publicProcedure
    .input(z.object({ path: ntPath }))
    .query(async ({ ctx, input, signal }): Promise<NtResult<HoldersReport> | null> =>
      ctx.source.holders ? ctx.source.holders(input.path, signal) : null,
    ),
  /** The named objects process `pid` holds handles to. */
  process: publicProcedure
    .input(z.object({ pid }))
    .query(async ({ ctx, input, signal }): Promise<NtResult<ProcessHandlesReport> | null> =>
      ctx.source.processHandles ? ctx.source.processHandles(input.pid, signal) : null,
    ),
});
