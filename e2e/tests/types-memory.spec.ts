// The object types view and the \KernelObjects memory-conditions card.
import { test, expect } from '../support/fixtures';
import { MEMORY_CONDITION_NAMES } from '@objscope/core';

test('the types view lists every type with its object count, and a bar chart @sample @synthetic @share', async ({ app, facts }) => {
  await app.open({ view: 'types' });
  await expect(app.typesView).toBeVisible();
  const top = [...facts.types].sort((a, b) => b.objects - a.objects)[0]!;
  const row = app.typesView.locator(`[data-testid="type-row"][data-name="${top.name}"]`);
  await expect(row).toContainText(top.objects.toLocaleString('en-US'));
  await expect(app.typesView.getByTestId('type-row')).toHaveCount(facts.types.length);
  await expect(app.typesView.getByTestId('types-chart').locator('svg')).toBeVisible();
});

test('the memory card shows the 11 conditions with how each is implemented and its state @sample @synthetic', async ({ app, facts }) => {
  await app.open({ view: 'memory' });
  await expect(app.memoryCard).toBeVisible();
  const rows = app.memoryCard.getByTestId('memory-condition');
  await expect(rows).toHaveCount(MEMORY_CONDITION_NAMES.length);
  // Each of the eleven conditions is checked: a loop over an empty list of facts would pass.
  expect(facts.memory).toHaveLength(11);
  for (const m of facts.memory) {
    const row = app.memoryCard.locator(`[data-testid="memory-condition"][data-name="${m.name}"]`);
    await expect(row).toHaveAttribute('data-kind', m.kind);
    // A condition with no state (absent) renders as "null".
    await expect(row).toHaveAttribute('data-signaled', String(m.signaled));
  }
});

test('under Wine the six memory events are plain events and the other five absent @wine', async ({ app }) => {
  await app.open({ view: 'memory' });
  const rows = app.memoryCard.getByTestId('memory-condition');
  await expect(rows).toHaveCount(11);
  await expect(rows.and(app.page.locator('[data-kind="event"]'))).toHaveCount(6);
  await expect(rows.and(app.page.locator('[data-kind="absent"]'))).toHaveCount(5);
  for (const n of ['LowMemoryCondition', 'HighMemoryCondition', 'LowPagedPoolCondition', 'HighPagedPoolCondition', 'LowNonPagedPoolCondition', 'HighNonPagedPoolCondition']) {
    await expect(app.memoryCard.locator(`[data-testid="memory-condition"][data-name="${n}"]`)).toHaveAttribute('data-kind', 'event');
  }
});
