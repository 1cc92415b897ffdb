// Share mode: one snapshot, read-only, nothing else.
import { test, expect } from '../support/fixtures';
import { expectedWindow } from '../support/facts';

test('a share-mode agent serves its one snapshot, labelled as shared @share', async ({ app, agent, facts }) => {
  await app.open();
  await expect(app.statusBar.getByTestId('status-source')).toHaveAttribute('data-kind', 'share');
  await expect(app.rows.first()).toBeVisible();
  const shown = await app.rowNames();
  expect(shown).toEqual(expectedWindow(facts.rootNames, shown).rows);
  // The agent's own word on what it serves.
  const info = await app.page.evaluate(async (base) => {
    const res = await fetch(`${base}/trpc/source.info`);
    return (await res.json()) as { result?: { data?: { json?: { kind?: string; readOnly?: boolean } } } };
  }, agent.url);
  expect(info.result?.data?.json?.kind).toBe('share');
  expect(info.result?.data?.json?.readOnly).toBe(true);
});
