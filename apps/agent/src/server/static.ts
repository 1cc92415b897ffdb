// Serves the static Next export (apps/web/out). Request paths are untrusted: they are decoded
// once, refused if they hold NUL, a backslash or a `..` segment, and the resolved file must
// still lie inside the root (symlinks included) before anything is read.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

const TYPES = new Map<string, string>([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.mjs', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.json', 'application/json; charset=utf-8'],
  ['.txt', 'text/plain; charset=utf-8'],
  ['.map', 'application/json; charset=utf-8'],
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
  ['.jpg', 'image/jpeg'],
  ['.jpeg', 'image/jpeg'],
  ['.gif', 'image/gif'],
  ['.webp', 'image/webp'],
  ['.ico', 'image/x-icon'],
  ['.woff', 'font/woff'],
  ['.woff2', 'font/woff2'],
  ['.ttf', 'font/ttf'],
  ['.webm', 'video/webm'],
  ['.gz', 'application/gzip'],
  ['.wasm', 'application/wasm'],
  ['.webmanifest', 'application/manifest+json'],
]);

function contentTypeOf(file: string): string {
  return TYPES.get(extname(file).toLowerCase()) ?? 'application/octet-stream';
}

export interface StaticFile {
  status: 200 | 404;
  file: string;
  body: Buffer;
  contentType: string;
  /** sha256 (base64) of each inline <script> in an HTML file, for the CSP. */
  scriptHashes: string[];
  immutable: boolean;
}

/** Null when the URL path can never name a file under the root. */
function safeRelativePath(urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/')) return null;
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/').filter((p) => p.length > 0);
  if (parts.some((p) => p === '..' || p === '.')) return null;
  return parts.join('/');
}

const INLINE_SCRIPT = /<script(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi;

export function inlineScriptHashes(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(INLINE_SCRIPT)) {
    const body = m[1] ?? '';
    if (body.length) out.add(createHash('sha256').update(body, 'utf8').digest('base64'));
  }
  return [...out];
}

export class StaticSite {
  readonly root: string;
  private readonly realRoot: string;
  private readonly cache = new Map<string, StaticFile>();

  constructor(root: string) {
    this.root = resolve(root);
    this.realRoot = realpathSync(this.root);
  }

  static available(root: string): boolean {
    return existsSync(join(root, 'index.html'));
  }

  /** The file for a URL path, following Next's export layout (`/x` → x.html or x/index.html). */
  lookup(urlPath: string): StaticFile | null {
    const rel = safeRelativePath(urlPath);
    if (rel === null) return null;
    const candidates = rel === '' ? ['index.html'] : [rel, `${rel}.html`, `${rel}/index.html`];
    for (const c of candidates) {
      const f = this.read(c, 200);
      if (f) return f;
    }
    return this.read('404.html', 404);
  }

  private read(rel: string, status: 200 | 404): StaticFile | null {
    const key = `${status}:${rel}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const file = join(this.root, rel);
    let real: string;
    try {
      if (!statSync(file).isFile()) return null;
      real = realpathSync(file);
    } catch {
      return null;
    }
    if (!real.startsWith(this.realRoot + sep)) return null;
    const body = readFileSync(real);
    const contentType = contentTypeOf(real);
    const out: StaticFile = {
      status,
      file: real,
      body,
      contentType,
      scriptHashes: contentType.startsWith('text/html') ? inlineScriptHashes(body.toString('utf8')) : [],
      immutable: rel.startsWith('_next/static/'),
    };
    // The export is immutable while the agent runs; a rebuilt UI needs an agent restart.
    if (this.cache.size < 2000) this.cache.set(key, out);
    return out;
  }
}

export const NOT_BUILT_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>objscope: the web UI is not built</title>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 3em auto">
<h1>The objscope web UI is not built</h1>
<p>The agent is running and its API answers at <code>/trpc</code>, but there is no built UI to serve.</p>
<p>Build it from the repository root with <code>npm run build</code> (or start with <code>npm start</code>, which builds what is stale), then reload this page.</p>
</body>
`;
