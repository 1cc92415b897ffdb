// Starts the built agent under Windows Node in Wine (for the Wine API specs): it serves the live
// Wine namespace on 127.0.0.1, which Linux reaches directly (Wine uses the host's sockets).
import { join } from 'node:path';
import superjson from 'superjson';
import { ROOT } from '../../../../tools/wine/harness.mjs';
import { windows as harness } from '../../../../tools/testing/windows';
import { inputQuery, raw } from './helpers';

export const BUNDLE = join(ROOT, 'apps', 'agent', 'dist', 'objscope.mjs');

export interface WineAgent {
  port: number;
  query<T>(proc: string, input: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** `env`: extra variables for the agent (a test hook such as OBJSCOPE_TEST_HOLDERS_PAUSE). */
export async function startWineAgent(opts: { env?: Record<string, string> } = {}): Promise<WineAgent> {
  const proc = harness.spawnNode([harness.toWindowsPath(BUNDLE), '--port', '0', '--no-open'], opts.env ? { env: opts.env } : {});
  const end = Date.now() + 90_000;
  for (;;) {
    const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(proc.readStdout());
    if (m) {
      const port = Number(m[1]);
      return {
        port,
        async query<T>(name: string, input: unknown): Promise<T> {
          const r = await raw(port, { path: `/trpc/${name}?${inputQuery(input)}`, headers: { Host: `127.0.0.1:${port}` } });
          if (r.status !== 200) throw new Error(`${name}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
          return superjson.deserialize((JSON.parse(r.body) as { result: { data: never } }).result.data) as T;
        },
        async stop() {
          await proc.kill('SIGKILL');
          proc.cleanup();
        },
      };
    }
    if (proc.child.exitCode !== null) throw new Error(`agent under Wine exited: ${proc.readStderr()}`);
    if (Date.now() > end) throw new Error(`agent under Wine printed no URL: ${proc.readStdout()} ${proc.readStderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
