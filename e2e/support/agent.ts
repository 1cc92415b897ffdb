// Starts the real built agent (`apps/agent/dist/objscope.mjs`) as a child process on a free
// port and waits until it serves. Used per worker by the fixtures and directly by tests that
// need to kill and restart an agent of their own.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from '../../scripts/lib/net.mjs';
import { AGENT_BUNDLE, ROOT } from './paths';

export interface AgentOptions {
  /** CLI arguments after the bundle, without --port (added here). */
  args: string[];
  /** Fixed port (a restart must come back on the same URL); a free one when absent. */
  port?: number;
  startTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface RunningAgent {
  url: string;
  port: number;
  /** Everything the agent printed, for failure messages. */
  output(): string;
  /** SIGKILL, like a crash: the page sees the connection drop. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1500) });
    await res.arrayBuffer();
    return res.status < 500;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startAgent(opts: AgentOptions, attempt = 1): Promise<RunningAgent> {
  if (!existsSync(AGENT_BUNDLE)) {
    throw new Error(`${AGENT_BUNDLE} is missing: run \`npm run build\` first (npm test does)`);
  }
  const port = opts.port ?? (await freePort());
  const child = spawn(process.execPath, [AGENT_BUNDLE, ...opts.args, '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, CI: '1', BROWSER: 'none', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));

  const deadline = Date.now() + (opts.startTimeoutMs ?? 20_000);
  let url: string | null = null;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      // An explicit --port that is taken is an error (never a silent move): another process
      // took the free port between freePort() and the agent's listen. Pick another.
      if (opts.port === undefined && attempt < 3 && /port \d+ is taken/.test(out)) return startAgent(opts, attempt + 1);
      throw new Error(`agent ${opts.args.join(' ')} exited (${child.exitCode ?? child.signalCode}) before serving:\n${out}`);
    }
    // The agent prints its URL: trust it over the requested port.
    const printed = out.match(/https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\]|[\d.]+):\d+\/?/);
    const candidate = printed ? printed[0].replace(/\/$/, '') : `http://127.0.0.1:${port}`;
    if (await answers(candidate + '/')) {
      url = candidate;
      break;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  if (!url) {
    child.kill('SIGKILL');
    throw new Error(`agent ${opts.args.join(' ')} did not serve within the start timeout:\n${out}`);
  }
  const actualPort = Number(new URL(url).port);
  return {
    url,
    port: actualPort,
    output: () => out,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited(child);
      clearTimeout(t);
    },
  };
}
