import { publicProcedure, router } from '../trpc';

export const sourceRouter = router({
  info: publicProcedure.query(({ ctx }) => ctx.source.info()),
});
