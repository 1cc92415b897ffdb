import type { MemoryCondition } from '@objscope/core';
import { z } from 'zod';
import { intervalMs } from '../inputs';
import { isStatic, sleep, untilAborted } from '../poll';
import { publicProcedure, router } from '../trpc';

export const memoryRouter = router({
  conditions: publicProcedure.query(({ ctx }) => ctx.source.memoryConditions()),
  /** Emits the 11 conditions once at start, then whenever any state changes. */
  watch: publicProcedure
    .input(z.object({ intervalMs }))
    .subscription(async function* ({ ctx, input, signal }): AsyncGenerator<MemoryCondition[]> {
      let last: string | null = null;
      const fixed = await isStatic(ctx.source);
      while (!signal?.aborted) {
        const now = await ctx.source.memoryConditions();
        const key = JSON.stringify(now);
        if (key !== last) {
          last = key;
          yield now;
        }
        if (fixed) {
          await untilAborted(signal);
          return;
        }
        await sleep(input.intervalMs, signal);
      }
    }),
});
