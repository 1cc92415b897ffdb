// Access questions over the whole namespace: Find's "accessible to PRINCIPAL with RIGHTS" filter
// and the weak-security view. The principal and the rights are parsed here, on the request
// thread, with the CLI's grammar (core's parsePrincipal, parseRightsQuery), so a typo is a
// BAD_REQUEST with the CLI's sentence; the namespace-wide work runs in the agent's workers.
import { parsePrincipal, parseRightsQuery, type Snapshot } from '@objscope/core';
import { z } from 'zod';
import { answerAccess, type AccessAnswer, type AccessJob } from '../access-jobs';
import type { JobFailure } from '../snapshot-jobs';
import { ntPath, regexProblem, SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT, SEARCH_MAX_TEXT, typeList } from '../inputs';
import type { ApiContext } from '../context';
import { TRPCError, publicProcedure, router } from '../trpc';

/** A principal or a rights list is a line of text; nobody types a kilobyte of SIDs. */
const ACCESS_TEXT_MAX = 1024;

function fail(f: JobFailure): never {
  throw new TRPCError({ code: f.code, message: f.message });
}

async function run(ctx: ApiContext, job: AccessJob, signal: AbortSignal | undefined): Promise<AccessAnswer> {
  if (ctx.jobs?.access) {
    const r = await ctx.jobs.access(job, signal);
    return r.ok ? r.value : fail(r);
  }
  let snap: Snapshot;
  try {
    snap = await ctx.source.snapshot(undefined, signal);
  } catch (e) {
    if (signal?.aborted) throw new TRPCError({ code: 'CLIENT_CLOSED_REQUEST', message: 'access query cancelled' });
    throw e;
  }
  const r = answerAccess(snap, job);
  return r.ok ? r.value : fail(r);
}

/** The name, type and place filters of a name search, which narrow either answer. */
const nameFilter = {
  text: z.string().max(SEARCH_MAX_TEXT).default(''),
  mode: z.enum(['substring', 'regex']).default('substring'),
  caseSensitive: z.boolean().default(false),
  types: typeList.optional(),
  under: ntPath.optional(),
  limit: z.number().int().min(1).max(SEARCH_MAX_LIMIT).default(SEARCH_DEFAULT_LIMIT),
};

function vetRegex(q: { text: string; mode: 'substring' | 'regex'; caseSensitive: boolean }, ctx: z.RefinementCtx): void {
  if (q.mode !== 'regex' || q.text === '') return;
  const problem = regexProblem(q.text, q.caseSensitive);
  if (problem) ctx.addIssue({ code: 'custom', path: ['text'], message: problem });
}

const findInput = z
  .object({
    principal: z.string().min(1, 'name a principal').max(ACCESS_TEXT_MAX),
    rights: z.string().min(1, 'name the rights').max(ACCESS_TEXT_MAX),
    ...nameFilter,
  })
  .superRefine(vetRegex);

export const accessRouter = router({
  /**
   * The token `current` means here (the agent's own live, or the one a snapshot recorded), null
   * where none is known. Properties' Access section evaluates in the page on the descriptor it
   * already shows, so it needs only this, once: the same engine then answers every principal,
   * `current` as the CLI does. It tells the page nothing it could not already learn: a snapshot
   * carries it in `meta.token`, and `access.find --as current` answers from it.
   */
  token: publicProcedure.query(({ ctx }) => ctx.source.accessToken()),

  /** Every object the principal gets the rights to, narrowed like a name search. */
  find: publicProcedure.input(findInput).query(async ({ ctx, input, signal }) => {
    const rights = parseRightsQuery(input.rights);
    if (!rights.ok) throw new TRPCError({ code: 'BAD_REQUEST', message: rights.message });
    const token = parsePrincipal(input.principal, await ctx.source.accessToken());
    if (!token.ok) throw new TRPCError({ code: 'BAD_REQUEST', message: token.message });
    const { principal: _p, rights: _r, ...filter } = input;
    return run(ctx, { kind: 'find', token: token.value, rights: rights.value, ...filter }, signal);
  }),

  /** NULL or empty DACLs, and objects Everyone, Authenticated Users, low integrity or any AppContainer may modify. */
  weak: publicProcedure
    .input(z.object(nameFilter).superRefine(vetRegex))
    .query(({ ctx, input, signal }) => run(ctx, { kind: 'weak', ...input }, signal)),
});
