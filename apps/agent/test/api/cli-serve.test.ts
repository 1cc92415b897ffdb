// The built agent as users start it: `node apps/agent/dist/objscope.mjs [flags]` (what `npm start`
// and `objscope` run), plus `objscope export-site`. Needs `npm run build` (npm test builds first).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { decodeSnapshot, encodeSnapshot } from '@objscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputQuery, raw, testSnapshot } from './helpers';

const ROOT = resolve(import.meta.dirname, '..', '..', '..', '..');
const BUNDLE = join(ROOT, 'apps', 'agent', 'dist', 'objscope.mjs');
let dir: string;
let file: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'objscope-cli-'));
  file = join(dir, 'test.objscope.gz');
  writeFileSync(file, encodeSnapshot(testSnapshot()));
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the agent and resolves with the URL it prints. */
function startCli(args: string[]): Promise<{ url: string; child: ChildProcess; stdout: () => string }> {
  const child = spawn(process.execPath, [BUNDLE, ...args], { cwd: ROOT, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`agent printed no URL in 15 s: ${out} ${err}`)), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ url: m[1]!, child, stdout: () => out });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`agent exited with ${code}: ${err}`)));
  });
}

/** A listener on 127.0.0.1:`port` (0: any), as another program holding the port. */
function occupy(port: number): Promise<{ server: Server; port: number }> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolvePromise({ server, port: (server.address() as AddressInfo).port }));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => {
    child.once('exit', (code) => r(code));
    child.kill('SIGTERM');
  });
}

describe('objscope (serve)', () => {
  it('serves --snapshot FILE on 127.0.0.1, prints the URL, and stops cleanly on SIGTERM', async () => {
    const { url, child, stdout } = await startCli(['--snapshot', file, '--port', '0', '--no-open']);
    const u = new URL(url);
    expect(u.hostname).toBe('127.0.0.1');
    const r = await raw(Number(u.port), { path: `/trpc/source.info?${inputQuery(undefined)}`, headers: { Host: u.host } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('"kind":"snapshot"');
    expect(stdout()).toContain('Snapshot of');
    expect(await stop(child)).toBe(0);
  });

  it('with no source flag on Linux serves the bundled sample, labelled as a sample', async () => {
    const { url, child } = await startCli(['--port', '0', '--no-open']);
    const u = new URL(url);
    const r = await raw(Number(u.port), { path: `/trpc/source.info?${inputQuery(undefined)}`, headers: { Host: u.host } });
    expect(r.body).toContain('"kind":"sample"');
    expect(r.body).toMatch(/"label":"Sample snapshot/);
    await stop(child);
  });

  it('--sample serves the bundled sample, labelled as a sample in plain text (the page shows it as is)', async () => {
    const { url, child, stdout } = await startCli(['--sample', '--port', '0', '--no-open']);
    const u = new URL(url);
    const r = await raw(Number(u.port), { path: `/trpc/source.info?${inputQuery(undefined)}`, headers: { Host: u.host } });
    expect(r.body).toContain('"kind":"sample"');
    expect(stdout()).toMatch(/^objscope: Sample snapshot captured under Wine by the objscope snapshot command, \S+; no live source on \w+\n/);
    expect(stdout()).not.toContain('`');
    await stop(child);
  });

  it('share mode listens only on the address given', async () => {
    const { url, child } = await startCli(['--share', file, '--host', '127.0.0.2', '--port', '0', '--no-open']);
    const u = new URL(url);
    expect(u.hostname).toBe('127.0.0.2');
    const r = await raw(Number(u.port), { host: '127.0.0.2', path: `/trpc/source.info?${inputQuery(undefined)}`, headers: { Host: u.host } });
    expect(r.body).toContain('"kind":"share"');
    await expect(raw(Number(u.port), { host: '127.0.0.1', path: '/', headers: { Host: `127.0.0.1:${u.port}` } })).rejects.toThrow(/ECONNREFUSED/);
    await stop(child);
  });

  it.each([
    [['--host', '0.0.0.0'], /--host is only for --share/],
    [['--share', 'x.gz'], /--share needs --host/],
    [['--snapshot', 'a', '--share', 'b', '--host', '127.0.0.1'], /exclusive/],
    [['--port', 'http'], /--port must be/],
    [['--snapshot', '/no/such/file.gz', '--port', '0'], /no such file/],
    [['--bogus'], /^objscope: unknown option "--bogus"; see objscope --help$/],
    [['--frobnicate'], /^objscope: unknown option "--frobnicate"; see objscope --help$/],
    [['serve', '-x'], /^objscope: unknown option "-x"; see objscope --help$/],
    [['--snapshot', 'F', 'ls'], /^objscope: unexpected argument "ls": a command comes first \(objscope COMMAND \[options\]\); see objscope --help$/],
    [['--port'], /^objscope: Option '--port <value>' argument missing; see objscope --help$/],
  ])('refuses %j with exit code 2 and one clear line', (args, message) => {
    const r = spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 15_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stderr.slice(0, -1)).not.toContain('\n');
    expect(r.stderr.slice(0, -1)).toMatch(message);
  });

  it('refuses an explicit --port that is taken, in one line, instead of moving silently', async () => {
    const taken = await occupy(0);
    try {
      const r = spawnSync(process.execPath, [BUNDLE, '--snapshot', file, '--port', String(taken.port), '--no-open'], { cwd: ROOT, encoding: 'utf8', timeout: 15_000 });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`objscope: port ${taken.port} is taken; choose another with --port N, or --port 0 for any free one\n`);
    } finally {
      taken.server.close();
    }
  });

  it('when the default port is taken, says which port it took instead', async () => {
    // Someone else may hold 7717 on a shared machine already: then it is taken all the same.
    const taken = await occupy(7717).catch(() => null);
    try {
      const { url, child, stdout } = await startCli(['--snapshot', file, '--no-open']);
      const port = Number(new URL(url).port);
      expect(port).toBeGreaterThan(7717);
      expect(stdout()).toContain(`objscope: port 7717 is taken; took ${port} instead\n`);
      await stop(child);
    } finally {
      taken?.server.close();
    }
  });

  it('refuses a corrupt snapshot with the loader message', () => {
    const bad = join(dir, 'bad.objscope.gz');
    writeFileSync(bad, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3]));
    const r = spawnSync(process.execPath, [BUNDLE, '--snapshot', bad, '--port', '0'], { cwd: ROOT, encoding: 'utf8', timeout: 15_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^objscope: snapshot rejected/);
  });
});

describe('objscope export-site FILE DIR', () => {
  it('writes the built UI, the snapshot and objscope-site.json', () => {
    const out = join(dir, 'site');
    const r = spawnSync(process.execPath, [BUNDLE, 'export-site', file, out], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'objscope-site.json'), 'utf8')) as { snapshot: string; label: string };
    expect(manifest.snapshot).toBe('snapshot.objscope.gz');
    expect(manifest.label).toContain(testSnapshot().meta.capturedAt);
    const d = decodeSnapshot(readFileSync(join(out, manifest.snapshot)));
    expect(d.ok).toBe(true);
    expect(d.ok && d.snapshot.meta.objectCount).toBe(testSnapshot().meta.objectCount);
  });

  it('refuses to write into a folder that is not empty', () => {
    const out = join(dir, 'busy');
    spawnSync(process.execPath, [BUNDLE, 'export-site', file, out], { cwd: ROOT, timeout: 60_000 });
    const r = spawnSync(process.execPath, [BUNDLE, 'export-site', file, out], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not empty/);
  });
});
