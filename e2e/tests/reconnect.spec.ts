// The agent dies while the page is open: the page says so, then reconnects by itself when the
// agent is back on the same address.
import { test, expect } from '../support/fixtures';
import { startAgent, type RunningAgent } from '../support/agent';
import { App } from '../support/app';

test('agent killed and restarted: a disconnected banner, then automatic reconnect @sample', async ({ page, facts }) => {
  test.setTimeout(90_000);
  let agent: RunningAgent = await startAgent({ args: [] });
  try {
    const app = new App(page, agent.url);
    await app.open({ path: facts.dir.path });
    await expect(app.rows.first()).toBeVisible();
    await expect(app.disconnectedBanner).toHaveCount(0);

    await agent.kill();
    await expect(app.disconnectedBanner).toBeVisible({ timeout: 30_000 });

    agent = await startAgent({ args: [], port: agent.port });
    await expect(app.disconnectedBanner).toHaveCount(0, { timeout: 30_000 });
    // Really back: the explorer answers from the new agent.
    const name = facts.dir.subdir.slice(facts.dir.subdir.lastIndexOf('\\') + 1);
    await app.row(name).dblclick();
    await app.expectPath(facts.dir.subdir);
    await expect(app.rows.first()).toBeVisible();
  } finally {
    await agent.stop();
  }
});
