import type { DirEntry } from '@objscope/core';
import { joinNtPath } from '@objscope/core';
import { z } from 'zod';
import {
  COMPLETE_MAX,
  FILTER_MAX_LENGTH,
  LIST_DEFAULT_LIMIT,
  LIST_MAX_LIMIT,
  listTypes,
  SEARCH_DEFAULT_LIMIT,
  SEARCH_MAX_LIMIT,
  SEARCH_MAX_TEXT,
  ntPath,
  partialNtPath,
  regexProblem,
  typeList,
} from '../inputs';
import { listingOf, pageOf, viewOf } from '../listing';
import { TRPCError, publicProcedure, router } from '../trpc';

export type ListResult =
  | { ok: true; entries: DirEntry[]; total: number; offset: number }
  | { ok: false; status: number; name: string; message: string };

export interface Suggestion {
  path: string;
  name: string;
  type: string;
}

const searchInput = z
  .object({
    text: z.string().max(SEARCH_MAX_TEXT),
    mode: z.enum(['substring', 'regex', 'exact']),
    caseSensitive: z.boolean().optional(),
    types: typeList.optional(),
    under: ntPath.optional(),
    limit: z.number().int().min(1).max(SEARCH_MAX_LIMIT).default(SEARCH_DEFAULT_LIMIT),
  })
  .superRefine((q, ctx) => {
    if (q.mode !== 'regex') return;
    const problem = regexProblem(q.text, q.caseSensitive ?? false);
    if (problem) ctx.addIssue({ code: 'custom', path: ['text'], message: problem });
  });

export const namespaceRouter = router({
  list: publicProcedure
    .input(
      z.object({
        path: ntPath,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(LIST_MAX_LIMIT).default(LIST_DEFAULT_LIMIT),
        sort: z.enum(['name', 'type', 'target']).default('name'),
        desc: z.boolean().default(false),
        filter: z.string().max(FILTER_MAX_LENGTH).default(''),
        fresh: z.boolean().default(false),
        /** Exact type names; only entries of these types are sorted, counted and paged. */
        types: listTypes.optional(),
      }),
    )
    .query(async ({ ctx, input }): Promise<ListResult> => {
      if (input.fresh) ctx.source.refresh(input.path);
      const r = await listingOf(ctx.source, input.path);
      if (!r.ok) return { ok: false, status: r.status, name: r.name, message: r.message };
      const view = viewOf(ctx.source, input.path, r.value, {
        sort: input.sort,
        desc: input.desc,
        filter: input.filter,
        types: input.types,
      });
      return {
        ok: true,
        // Frozen and shared between callers (pageOf): over HTTP each client gets its own copy;
        // the page's local link only reads it.
        entries: pageOf(view, input.offset, input.limit) as DirEntry[],
        total: view.length,
        offset: input.offset,
      };
    }),

  details: publicProcedure.input(z.object({ path: ntPath })).query(({ ctx, input }) => ctx.source.details(input.path)),

  resolveLink: publicProcedure
    .input(z.object({ path: ntPath }))
    .query(({ ctx, input }) => ctx.source.resolveLink(input.path)),

  /** Completes the last component of a partial path against its directory's listing. */
  complete: publicProcedure
    .input(z.object({ path: partialNtPath }))
    .query(async ({ ctx, input }): Promise<{ suggestions: Suggestion[] }> => {
      const cut = input.path.lastIndexOf('\\');
      const dir = cut === 0 ? '\\' : input.path.slice(0, cut);
      const prefix = input.path.slice(cut + 1).toLowerCase();
      const r = await ctx.source.list(dir);
      if (!r.ok) return { suggestions: [] };
      const matches = viewOf(ctx.source, dir, r.value, { sort: 'name', desc: false, filter: '' }).filter((e) =>
        e.name.toLowerCase().startsWith(prefix),
      );
      return {
        suggestions: matches.slice(0, COMPLETE_MAX).map((e) => ({ path: joinNtPath(dir, e.name), name: e.name, type: e.type })),
      };
    }),

  search: publicProcedure.input(searchInput).query(async ({ ctx, input, signal }) => {
    try {
      return await ctx.source.search(input, signal);
    } catch (e) {
      if (signal?.aborted) throw new TRPCError({ code: 'CLIENT_CLOSED_REQUEST', message: 'search cancelled' });
      throw e;
    }
  }),
});
