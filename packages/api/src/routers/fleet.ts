// The Fleet view's questions (objscope --fleet STORE): find, its history, drift, zombies, and
// one host's snapshot file. Named procedures only, inputs validated here and bound as
// parameters by the agent; the page's own router (a snapshot opened in the tab) has no fleet,
// and `fleet.info` says so instead of failing.
import { z } from 'zod';
import { bytesToBase64 } from '../base64';
import { FleetQuestionError, type FleetQuestions } from '../fleet';
import { SEARCH_MAX_TEXT } from '../inputs';
import { TRPCError, publicProcedure, router } from '../trpc';
import type { ApiContext } from '../context';

/** Host names come from snapshot files; the store refuses longer ones at add. */
const hostName = z.string().min(1).max(255);
const at = z.iso.datetime({ offset: true }).optional();
const FIND_MAX_LIMIT = 5000;
const DRIFT_MAX_LIMIT = 1000;

const findInput = z.object({
  pattern: z.string().min(1, 'the pattern is empty').max(SEARCH_MAX_TEXT),
  regex: z.boolean().default(false),
  type: z.string().min(1).max(256).optional(),
  at,
});

function fleetOf(ctx: ApiContext): FleetQuestions {
  if (!ctx.fleet) throw new TRPCError({ code: 'NOT_FOUND', message: 'this agent serves no fleet (start it with objscope --fleet STORE)' });
  return ctx.fleet;
}

/** A question the store cannot answer as asked is the user's to fix: its message goes back as is. */
async function asked<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof FleetQuestionError) throw new TRPCError({ code: 'BAD_REQUEST', message: e.message });
    throw e;
  }
}

const date = (s: string | undefined): Date | undefined => (s === undefined ? undefined : new Date(s));

export const fleetRouter = router({
  info: publicProcedure.query(async ({ ctx }) => {
    if (!ctx.fleet) return { available: false as const, label: null, hosts: [] };
    const fleet = ctx.fleet;
    return { available: true as const, label: fleet.label, hosts: await asked(() => fleet.hosts()) };
  }),

  find: publicProcedure
    .input(findInput.extend({ limit: z.number().int().min(1).max(FIND_MAX_LIMIT).default(1000) }))
    .query(({ ctx, input }) => {
      const fleet = fleetOf(ctx);
      return asked(() => fleet.find({ ...input, at: date(input.at) }));
    }),

  history: publicProcedure.input(findInput).query(({ ctx, input }) => {
    const fleet = fleetOf(ctx);
    return asked(() => fleet.history({ ...input, at: date(input.at) }));
  }),

  drift: publicProcedure
    .input(z.object({ baseline: hostName, host: hostName.optional(), at, limit: z.number().int().min(0).max(DRIFT_MAX_LIMIT).default(20) }))
    .query(({ ctx, input }) => {
      const fleet = fleetOf(ctx);
      return asked(() => fleet.drift({ ...input, at: date(input.at) }));
    }),

  zombies: publicProcedure.input(z.object({ at }).default({})).query(({ ctx, input }) => {
    const fleet = fleetOf(ctx);
    return asked(() => fleet.zombies({ at: date(input.at) }));
  }),

  /** One capture's snapshot file, for the page to open in the explorer (as a dropped file opens). */
  snapshot: publicProcedure
    .input(z.object({ host: hostName, capturedAt: z.iso.datetime({ offset: true }) }))
    .query(async ({ ctx, input }) => {
      const fleet = fleetOf(ctx);
      const f = await asked(() => fleet.snapshot({ host: input.host, capturedAt: new Date(input.capturedAt) }));
      return { fileName: f.fileName, base64: bytesToBase64(f.bytes) };
    }),
});
