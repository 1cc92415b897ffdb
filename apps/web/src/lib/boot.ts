// Where the data comes from: a shared snapshot URL (`?snapshot=`), a static export site
// (`objscope-site.json` beside the page), or the agent that served the page.
import type { Snapshot } from '@objscope/core';
import { fileRejectedMessage } from './format';

export type Boot =
  | { kind: 'agent' }
  | { kind: 'local'; snapshot: Snapshot; label: string; sourceKind: 'snapshot' | 'share' }
  /** `download`: where the user can fetch the file themselves (an http(s) URL), to drop it here. */
  | { kind: 'failed'; message: string; download?: string | null };

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

const WHAT_TO_DO =
  'To open it: download the file (the link below, a browser or any tool) and open it here (drop it on this page or ' +
  'choose it with “Open a snapshot file instead”), or start the agent on it: objscope --snapshot FILE.';

function downloadable(url: URL): string | null {
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
}

/**
 * The page's own connect-src, read from its response headers (a same-origin request may read
 * them). The agent sends `connect-src 'self'`; a static host usually sends none.
 */
async function connectSources(): Promise<string[] | null> {
  try {
    const res = await fetch(window.location.href, { method: 'HEAD', cache: 'no-store' });
    const csp = res.headers.get('content-security-policy');
    if (!csp) return null;
    const directives = new Map<string, string[]>();
    for (const d of csp.split(';')) {
      const [name, ...values] = d.trim().split(/\s+/);
      if (name) directives.set(name.toLowerCase(), values);
    }
    return directives.get('connect-src') ?? directives.get('default-src') ?? null;
  } catch {
    return null;
  }
}

/**
 * Why a `?snapshot=` URL will not be fetched, said before trying (instead of the browser's
 * bare "Failed to fetch"), or null to go ahead. Same-origin http(s) URLs always go ahead.
 * Cross-origin ones go ahead only where the page's policy lets it connect there (a static
 * export on a host without that policy, to a server that allows CORS); the agent's pages never
 * do: see docs/security.md, "Snapshots by URL".
 */
async function refuseSnapshotUrl(url: URL): Promise<string | null> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `Could not load the snapshot at ${url.toString()}: only http and https URLs are fetched. ${WHAT_TO_DO}`;
  }
  if (url.origin === window.location.origin) return null;
  const sources = await connectSources();
  if (sources === null) return null;
  // Exact origins, schemes and '*' are checked here; anything fancier (host wildcards) is left
  // to the browser to decide.
  const allowed = sources.some(
    (src) => src === '*' || src.includes('*.') || src.toLowerCase() === url.protocol || src.replace(/\/+$/, '').toLowerCase() === url.origin.toLowerCase(),
  );
  if (allowed) return null;
  return (
    `This page does not load snapshots from other sites (${url.origin}). ` +
    `It was served with a Content-Security-Policy that lets it connect only to ${window.location.origin} (connect-src ${sources.join(' ')}), ` +
    'so nothing shown here, such as a live object namespace and process list, can be sent anywhere else; ' +
    'and the objscope agent does not fetch other sites on a page\'s behalf. ' +
    WHAT_TO_DO
  );
}

/** A fetch that failed without an HTTP status: the server refused CORS or could not be reached. */
function unreachable(raw: string, url: URL, e: unknown): string {
  const why = e instanceof Error ? e.message : String(e);
  if (url.origin === window.location.origin || /^HTTP \d+/.test(why)) return `Could not load the snapshot at ${raw}: ${why}`;
  return (
    `Could not load the snapshot at ${raw}: ${why}. The server at ${url.origin} did not answer, ` +
    'or does not let other sites read its files (it sends no Access-Control-Allow-Origin header for this page). ' +
    WHAT_TO_DO
  );
}

export async function boot(snapshotUrl: string | null): Promise<Boot> {
  if (snapshotUrl) {
    let url: URL;
    try {
      url = new URL(snapshotUrl, window.location.href);
    } catch {
      return { kind: 'failed', message: `Could not load the snapshot at ${snapshotUrl}: that is not a URL.` };
    }
    const refused = await refuseSnapshotUrl(url);
    if (refused) return { kind: 'failed', message: refused, download: downloadable(url) };
    try {
      const r = await decodeBytes(await fetchBytes(url.toString()));
      if (!r.ok) return { kind: 'failed', message: fileRejectedMessage('the shared snapshot', r.error) };
      return { kind: 'local', snapshot: r.snapshot, label: `Shared snapshot (${snapshotUrl})`, sourceKind: 'share' };
    } catch (e) {
      return { kind: 'failed', message: unreachable(snapshotUrl, url, e), download: downloadable(url) };
    }
  }
  const site = await readSiteManifest();
  if (site) {
    try {
      const r = await decodeBytes(await fetchBytes(new URL(site.snapshot, window.location.href).toString()));
      if (!r.ok) return { kind: 'failed', message: fileRejectedMessage('the shared snapshot', r.error) };
      return { kind: 'local', snapshot: r.snapshot, label: site.label, sourceKind: 'share' };
    } catch (e) {
      return { kind: 'failed', message: `Could not load this site's snapshot: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  return { kind: 'agent' };
}
