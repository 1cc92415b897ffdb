// How `objscope info` words a link whose target is not found (issue 10, defect 8). A link made by
// a sandboxed process (an AppContainer or a low box token) is looked up in that sandbox's own
// namespace, so everyone outside it gets STATUS_OBJECT_NAME_NOT_FOUND: "dangling" would be a
// guess, so the CLI says what it knows. The live resolution runs under Wine in
// apps/agent/test/wine/info.test.ts (its --json chain); this is the text rendering.
import { describe, expect, it } from 'vitest';
import type { LinkChain, ObjectDetails } from '@objscope/core';
import { renderDetails } from '../src/commands/info';

const NOT_FOUND = { status: 0xc0000034, name: 'STATUS_OBJECT_NAME_NOT_FOUND' };
const denied = { ok: false as const, error: { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' } };

function link(chain: LinkChain): ObjectDetails {
  return {
    path: '\\Sessions\\1\\AppContainerNamedObjects\\S-1-15-2-1\\l',
    name: 'l',
    type: 'SymbolicLink',
    basic: denied,
    typeInfo: denied,
    security: denied,
    state: null,
    link: {
      target: '\\Sessions\\1\\AppContainerNamedObjects\\S-1-15-2-1\\gone',
      creationTime: null,
      dynamic: false,
      chain,
    },
  };
}

describe('objscope info: a link whose target is not found', () => {
  it('says the target was not found and why that may be, never just "dangling"', () => {
    const text = renderDetails(link({
      hops: [{ path: '\\Sessions\\1\\AppContainerNamedObjects\\S-1-15-2-1\\gone', target: null, type: null, error: NOT_FOUND }],
      final: null, loop: false, truncated: false, dangling: true,
    }));
    expect(text).toContain('Resolution: target not found (missing, or a link made by a sandboxed process, which others cannot follow)');
    expect(text).not.toMatch(/Resolution: dangling/);
  });

  it('a loop and an over-long chain keep their own wording', () => {
    expect(renderDetails(link({ hops: [], final: null, loop: true, truncated: false, dangling: false }))).toContain('Resolution: a loop');
    expect(renderDetails(link({ hops: [], final: null, loop: false, truncated: true, dangling: false }))).toContain('Resolution: gave up after 16 hops');
  });
});
