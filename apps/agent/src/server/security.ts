// Request checks that stand between a web page in the user's browser and the agent. The agent
// shows the machine's object namespace and process list, so a hostile site must not be able to
// read it: not through DNS rebinding (Host check), not by a cross-site fetch, form or
// EventSource (Origin + Sec-Fetch-Site), and not over a WebSocket (refused outright).
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** `host` as it appears in a Host header (IPv6 in brackets). */
export function hostForHeader(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * The Host header values the agent answers to: the loopback names with the port, plus the
 * share address in share mode. Anything else is a rebinding attempt or a misdirected request.
 */
export function allowedHosts(port: number, shareHost?: string | null): Set<string> {
  const out = new Set<string>();
  if (!shareHost || isLoopback(shareHost)) for (const n of LOOPBACK_NAMES) out.add(`${n}:${port}`);
  if (shareHost) out.add(`${hostForHeader(shareHost).toLowerCase()}:${port}`);
  return out;
}

/** Lower-cased `host:port`, with the port browsers omit for 80 put back. */
function normaliseHost(value: string | undefined): string | null {
  if (!value) return null;
  const v = value.toLowerCase();
  if (!/^[a-z0-9.[\]:-]+$/.test(v)) return null;
  const hasPort = v.startsWith('[') ? /\]:\d+$/.test(v) : /:\d+$/.test(v);
  return hasPort ? v : `${v}:80`;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

export interface CheckOptions {
  hosts: Set<string>;
  /** Allow a cross-site top-level navigation (a link to a deep link of the static UI). */
  allowNavigation: boolean;
}

/**
 * Host, Origin and Sec-Fetch-Site checks for one request. Requests without Origin and without
 * fetch metadata (curl, scripts, old browsers on same-origin GETs) pass the origin checks: a
 * browser always sends Origin on cross-origin fetches, POSTs and EventSource, and modern ones
 * always send Sec-Fetch-Site, so a hostile page cannot strip them.
 */
export function checkRequest(req: IncomingMessage, opts: CheckOptions): Verdict {
  const host = normaliseHost(req.headers.host);
  if (!host) return { ok: false, reason: 'missing Host header' };
  if (!opts.hosts.has(host)) return { ok: false, reason: 'Host not allowed' };

  const origin = req.headers.origin;
  if (origin !== undefined) {
    // Same origin means exactly `http://<an allowed host>`. `Origin: null` (sandboxed frames,
    // file: pages, some redirects) is never us.
    const o = origin.toLowerCase();
    const originHost = o.startsWith('http://') ? normaliseHost(o.slice('http://'.length)) : null;
    if (!originHost || !opts.hosts.has(originHost)) return { ok: false, reason: 'Origin not allowed' };
  }

  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    const navigation =
      req.headers['sec-fetch-mode'] === 'navigate' &&
      (req.headers['sec-fetch-dest'] === 'document' || req.headers['sec-fetch-dest'] === undefined) &&
      (req.method === 'GET' || req.method === 'HEAD');
    if (!(opts.allowNavigation && navigation)) return { ok: false, reason: 'cross-site request refused' };
  }
  return { ok: true };
}

/** The Content-Security-Policy the agent sends with a page whose inline scripts hash to these. */
function contentSecurityPolicy(scriptHashes: readonly string[] = []): string {
  const scripts = ["'self'", ...scriptHashes.map((h) => `'sha256-${h}'`)].join(' ');
  return [
    "default-src 'self'",
    `script-src ${scripts}`,
    // React and the virtualized lists set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The same policy for a `<meta http-equiv>` tag in a static export, where no header can be
 * set. Browsers ignore `frame-ancestors` in a meta policy (and warn about it), so it is left out.
 * One directive differs on purpose: a static export may fetch a snapshot from another site that
 * allows it (CORS), because `?snapshot=URL` on an exported site is how people share snapshots
 * (docs/security.md, "Snapshots by URL"). The agent keeps `connect-src 'self'`: its pages can
 * read a live namespace and process list, which must not leave the machine. A static export
 * holds only the public snapshot it was made from, so there is nothing of that kind to send.
 */
export function metaContentSecurityPolicy(scriptHashes: readonly string[] = []): string {
  return contentSecurityPolicy(scriptHashes)
    .split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .map((d) => (d.startsWith('connect-src') ? "connect-src 'self' https: http:" : d))
    .join('; ');
}

/**
 * Headers on every response. The CSP allows only our own scripts plus the exact inline
 * scripts of the HTML file being served (by hash), so an object name that somehow reached
 * the DOM as markup still could not run.
 */
export function securityHeaders(scriptHashes: readonly string[] = []): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(scriptHashes),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
  };
}
