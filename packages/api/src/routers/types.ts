import { publicProcedure, router } from '../trpc';

export const typesRouter = router({
  stats: publicProcedure.query(({ ctx }) => ctx.source.typeStats()),
});
