// The human tables: aligned by terminal columns, and one very long object name cannot push the
// rest of the table off the screen (the JSON output is never cut; see cli-read.test.ts).
import { describe, expect, it } from 'vitest';
import { displayWidth, table, truncateToWidth } from '../src/output';

describe('truncateToWidth', () => {
  it('leaves a cell that fits unchanged, exactly at the limit included', () => {
    expect(truncateToWidth('abc', 3)).toBe('abc');
    expect(truncateToWidth('', 3)).toBe('');
  });

  it('cuts a longer cell to the limit, the last column being the ellipsis', () => {
    const cut = truncateToWidth('x'.repeat(240), 64);
    expect(cut).toBe(`${'x'.repeat(63)}…`);
    expect(displayWidth(cut)).toBe(64);
  });

  it('never splits an emoji or a wide character, and stays within the limit', () => {
    const cut = truncateToWidth('😀😀😀😀', 5);
    expect(cut).toBe('😀😀…');
    expect(displayWidth(cut)).toBeLessThanOrEqual(5);
  });
});

describe('table', () => {
  it('caps a column at its maxWidth so the other columns stay where they are', () => {
    const text = table(
      [{ header: 'Name', maxWidth: 10 }, { header: 'Type' }],
      [['y'.repeat(240), 'Event'], ['short', 'Mutant']],
    );
    const lines = text.trimEnd().split('\n');
    expect(lines).toEqual(['Name        Type', `${'y'.repeat(9)}…  Event`, 'short       Mutant']);
  });

  it('aligns by terminal columns, not UTF-16 length', () => {
    const lines = table([{ header: 'Name' }, { header: 'Type' }], [['😀', 'Event'], ['ab', 'Mutant']]).trimEnd().split('\n');
    expect(lines[1]!.indexOf('Event')).toBe(lines[2]!.indexOf('Mutant') + ('😀'.length - displayWidth('😀')));
  });
});
