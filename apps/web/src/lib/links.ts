import { baseNtName, parentNtPath, type LinkChain } from '@objscope/core';

export type LinkJump =
  | { ok: true; path: string; sel: string | null }
  | { ok: false; reason: string };

/**
 * Where "go to target" lands: inside the final directory, or on the final object selected in
 * its parent directory. A broken chain says why instead of going somewhere wrong.
 */
export function linkJump(chain: Pick<LinkChain, 'final' | 'hops' | 'loop' | 'dangling' | 'truncated'>): LinkJump {
  if (chain.final === null) {
    const reason = chain.loop ? 'the links form a loop' : chain.truncated ? 'the chain is too long' : 'the target was not found: it does not exist, or the link was made by a sandboxed process (such links answer STATUS_OBJECT_NAME_NOT_FOUND outside their sandbox)';
    return { ok: false, reason };
  }
  const last = chain.hops[chain.hops.length - 1];
  const type = last && last.path === chain.final ? last.type : null;
  if (chain.final === '\\' || type === 'Directory') return { ok: true, path: chain.final, sel: null };
  return { ok: true, path: parentNtPath(chain.final), sel: baseNtName(chain.final) };
}
