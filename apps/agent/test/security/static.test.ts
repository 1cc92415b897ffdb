// The static UI: right files with right types, nothing outside the web root, a CSP that lets
// exactly the page's own inline scripts run, and a clear page when the UI is not built.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw, startAgent, type Agent } from '../api/helpers';

const INLINE = 'self.__next_f=self.__next_f||[];self.__next_f.push([0])';
let dir: string;
let agent: Agent;
let bare: Agent;
const get = (a: Agent, path: string) => raw(a.server.port, { path, headers: { Host: `127.0.0.1:${a.server.port}` } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'objscope-web-'));
  const root = join(dir, 'out');
  mkdirSync(join(root, '_next', 'static', 'chunks'), { recursive: true });
  writeFileSync(join(root, 'index.html'), `<!doctype html><script src="/_next/static/chunks/app.js"></script><script>${INLINE}</script>`);
  writeFileSync(join(root, '404.html'), '<!doctype html><title>not here</title>');
  writeFileSync(join(root, 'about.html'), '<!doctype html><title>about</title>');
  writeFileSync(join(root, '_next', 'static', 'chunks', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, '_next', 'static', 'chunks', 'app.css'), 'body{}');
  writeFileSync(join(dir, 'secret.txt'), 'outside the web root');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'escape.txt'));
  agent = await startAgent({ webRoot: root });
  bare = await startAgent({ webRoot: join(dir, 'not-built') });
});
afterAll(async () => {
  await agent.close();
  await bare.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('static UI', () => {
  it('serves index.html for / with an HTML type and a CSP hash of its inline script', async () => {
    const r = await get(agent, '/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    const hash = createHash('sha256').update(INLINE).digest('base64');
    const csp = r.headers['content-security-policy'] as string;
    expect(csp).toContain(`'sha256-${hash}'`);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers['cache-control']).toBe('no-cache');
  });

  it('serves a deep link with a query string as the page', async () => {
    const r = await get(agent, '/?path=%5CDevice&sel=Null');
    expect(r.status).toBe(200);
    expect(r.body).toContain('__next_f');
  });

  it('answers the UI\'s site-manifest probe with 204 No Content: the agent is not a static export', async () => {
    const r = await get(agent, '/objscope-site.json');
    expect(r.status).toBe(204);
    expect(r.body).toBe('');
  });

  it('still answers 404 for any other missing file', async () => {
    expect((await get(agent, '/objscope-site.js')).status).toBe(404);
  });

  it('maps /about to about.html, as Next exports it', async () => {
    expect((await get(agent, '/about')).body).toContain('<title>about</title>');
  });

  it('serves hashed assets with their type and as immutable', async () => {
    const js = await get(agent, '/_next/static/chunks/app.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await get(agent, '/_next/static/chunks/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers a missing file with the export’s 404 page and status 404', async () => {
    const r = await get(agent, '/no/such/file.js');
    expect(r.status).toBe(404);
    expect(r.body).toContain('not here');
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/_next/%2e%2e/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/escape.txt',
    '/index.html%00.js',
  ])('never serves a file outside the root: %s', async (path) => {
    const r = await get(agent, path);
    expect(r.body).not.toContain('outside the web root');
    expect(r.status).toBe(404);
  });

  it('refuses to write: POST to a page is 405', async () => {
    const r = await raw(agent.server.port, { method: 'POST', path: '/', headers: { Host: `127.0.0.1:${agent.server.port}` } });
    expect(r.status).toBe(405);
  });
});

describe('when the UI is not built', () => {
  it('says so plainly, and the API still answers', async () => {
    const r = await get(bare, '/');
    expect(r.status).toBe(503);
    expect(r.body).toContain('The objscope web UI is not built');
    expect(r.body).toContain('npm run build');
    expect((await get(bare, '/trpc/source.info')).status).toBe(200);
  });
});
