// Where the data comes from: a shared snapshot URL (`?snapshot=`), a static export site
// (`objscope-site.json` beside the page), or the agent that served the page.
import type { Snapshot } from '@objscope/core';

export type Boot =
  | { kind: 'agent' }
  | { kind: 'local'; snapshot: Snapshot; label: string; sourceKind: 'snapshot' | 'share' }
  | { kind: 'failed'; message: string };

export type DecodeResult = { ok: true; snapshot: Snapshot } | { ok: false; error: string };

/** The loader (zod schema, gunzip) is fetched only when a snapshot is actually opened. */
export async function decodeBytes(bytes: Uint8Array): Promise<DecodeResult> {
  try {
    const { decodeSnapshot } = await import('@objscope/core');
    return decodeSnapshot(bytes);
  } catch (e) {
    // The loader promises results, not throws; this only guards the page against a bug there.
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url, { cache: 'no-cache' });
  if (!res.ok) throw new Error(`HTTP ${res.status} fetching ${url}`);
  return new Uint8Array(await res.arrayBuffer());
}

interface SiteManifest {
  snapshot: string;
  label: string;
}

async function readSiteManifest(): Promise<SiteManifest | null> {
  try {
    const res = await fetch(new URL('objscope-site.json', window.location.href), { cache: 'no-cache' });
    if (!res.ok) return null;
    const type = res.headers.get('content-type') ?? '';
    if (!type.includes('json')) return null;
    const j = (await res.json()) as unknown;
    if (j && typeof j === 'object' && typeof (j as SiteManifest).snapshot === 'string') {
      const m = j as SiteManifest;
      return { snapshot: m.snapshot, label: typeof m.label === 'string' ? m.label : m.snapshot };
    }
    return null;
  } catch {
    return null;
  }
}

export async function boot(snapshotUrl: string | null): Promise<Boot> {
  if (snapshotUrl) {
    try {
      const url = new URL(snapshotUrl, window.location.href).toString();
      const r = await decodeBytes(await fetchBytes(url));
      if (!r.ok) return { kind: 'failed', message: `Could not open the shared snapshot: ${r.error}` };
      return { kind: 'local', snapshot: r.snapshot, label: `Shared snapshot (${snapshotUrl})`, sourceKind: 'share' };
    } catch (e) {
      return { kind: 'failed', message: `Could not load the snapshot at ${snapshotUrl}: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  const site = await readSiteManifest();
  if (site) {
    try {
      const r = await decodeBytes(await fetchBytes(new URL(site.snapshot, window.location.href).toString()));
      if (!r.ok) return { kind: 'failed', message: `Could not open the shared snapshot: ${r.error}` };
      return { kind: 'local', snapshot: r.snapshot, label: site.label, sourceKind: 'share' };
    } catch (e) {
      return { kind: 'failed', message: `Could not load this site's snapshot: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  return { kind: 'agent' };
}
