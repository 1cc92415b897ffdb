import type { ZombieReport } from '@objscope/core';
import { z } from 'zod';
import { intervalMs } from '../inputs';
import { isStatic, sleep, untilAborted } from '../poll';
import { publicProcedure, router } from '../trpc';

export interface ZombieWatchEvent {
  report: ZombieReport;
  /** Zombie process PIDs that were not in the previous scan (all of them in the first event). */
  added: number[];
  removed: number[];
}

export const zombiesRouter = router({
  scan: publicProcedure.query(({ ctx }) => ctx.source.zombies()),
  /** Rescans at the interval and emits each report with the PIDs that came and went. */
  watch: publicProcedure
    .input(z.object({ intervalMs }))
    .subscription(async function* ({ ctx, input, signal }): AsyncGenerator<ZombieWatchEvent> {
      let previous = new Set<number>();
      const fixed = await isStatic(ctx.source);
      while (!signal?.aborted) {
        const report = await ctx.source.zombies();
        if (report) {
          const current = new Set(report.processes.map((p) => p.pid));
          const added = [...current].filter((pid) => !previous.has(pid));
          const removed = [...previous].filter((pid) => !current.has(pid));
          previous = current;
          yield { report, added, removed };
        }
        if (fixed) {
          await untilAborted(signal);
          return;
        }
        await sleep(input.intervalMs, signal);
      }
    }),
});
