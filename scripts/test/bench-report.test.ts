import { describe, expect, it } from 'vitest';
import * as report from '../lib/bench-report.mjs';

const { median, summarizeArea, compareWithPrevious, regressions, renderMarkdown, areaChartSvg } = report;

describe('bench statistics', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('reports median, min, max and the ratio of medians against the same-run baseline', () => {
    const a = summarizeArea('walk', 'Walk', {
      metrics: [{ name: 'agent', unit: 'ms', runs: [110, 100, 130, 120, 90], baseline: { name: 'native', runs: [50, 40, 60, 55, 45] },
        goal: { op: '<=', value: 1.25, of: 'ratio' } }],
    });
    const m = a.metrics[0];
    expect([m.median, m.min, m.max]).toEqual([110, 90, 130]);
    expect(m.baseline.median).toBe(50);
    expect(m.ratio).toBeCloseTo(2.2);
    expect(m.goal.met).toBe(false);
  });

  it('flags a ratio to the same-run baseline that got worse by over 20%, respecting which direction is better', () => {
    const prev = { finishedAt: 'x', areas: [{ area: 'api', metrics: [
      { name: 'p50', median: 10, ratio: 1.0 },
      { name: 'rate', median: 100, ratio: 2.0 },
      { name: 'p99', median: 20, ratio: 1.0 },
    ] }] };
    const cur = { areas: [summarizeArea('api', 'API', { metrics: [
      { name: 'p50', unit: 'ms', runs: [13, 13, 13, 13, 13], baseline: { name: 'in-process', runs: [10, 10, 10, 10, 10] } },
      { name: 'rate', unit: 'objects/s', better: 'higher', runs: [150, 150, 150, 150, 150], baseline: { name: 'native', runs: [100, 100, 100, 100, 100] } },
      // Twice as slow in absolute terms, but so was its baseline: the machine was busy.
      { name: 'p99', unit: 'ms', runs: [40, 40, 40, 40, 40], baseline: { name: 'in-process', runs: [40, 40, 40, 40, 40] } },
    ] })] };
    compareWithPrevious(cur, prev);
    expect(regressions(cur)).toEqual(['api: p50', 'api: rate']);
    expect(cur.areas[0].metrics[0].previous).toMatchObject({ basis: 'ratio', ratio: 1.0 });
    expect(cur.areas[0].metrics[0].previous.change).toBeCloseTo(0.3);
    expect(cur.areas[0].metrics[1].previous.change).toBeCloseTo(-0.25);
    expect(cur.areas[0].metrics[2].previous.change).toBeCloseTo(0);
  });

  it('never flags an absolute figure without a baseline: a busy machine moves those', () => {
    const prev = { finishedAt: 'x', areas: [{ area: 'api', metrics: [{ name: 'p50', median: 10 }] }] };
    const cur = { finishedAt: 't', machine: 'm', runs: 5, areas: [summarizeArea('api', 'API', { metrics: [{ name: 'p50', unit: 'ms', runs: [30, 30, 30, 30, 30] }] })] };
    compareWithPrevious(cur, prev);
    expect(regressions(cur)).toEqual([]);
    expect(cur.areas[0].metrics[0].previous).toMatchObject({ basis: 'absolute', median: 10, regression: false });
    expect(cur.areas[0].metrics[0].previous.change).toBeCloseTo(2);
    expect(renderMarkdown(cur)).toContain('+200.0% abs.');
  });

  it('renders a table per area, escapes markdown in names and says why an area was not measured', () => {
    const cur = { finishedAt: 't', machine: 'm', runs: 5, areas: [
      summarizeArea('ui', 'UI', { metrics: [{ name: 'rows | first', unit: 'ms', runs: [1, 2, 3, 4, 5] }] }),
      summarizeArea('walk', 'Walk', { metrics: [], error: 'wine missing' }),
    ] };
    const md = renderMarkdown(cur);
    expect(md).toContain('rows \\| first');
    expect(md).toContain('Not measured: wine missing');
    expect(md).toContain('charts/ui.svg');
  });

  it('says when an area was carried over from the previous report rather than measured', () => {
    const carried = { ...summarizeArea('api', 'API', { metrics: [{ name: 'p50', unit: 'ms', runs: [1, 1, 1, 1, 1] }] }), carriedOver: true };
    const fresh = summarizeArea('walk', 'Walk', { metrics: [{ name: 'w', unit: 'ms', runs: [1, 1, 1, 1, 1] }] });
    const md = renderMarkdown({ finishedAt: 't', machine: 'm', runs: 5, areas: [carried, fresh] });
    const [apiPart, walkPart] = md.split('## Walk');
    expect(apiPart).toContain('carried over from the previous report');
    expect(walkPart).not.toContain('carried over');
  });

  it('draws an SVG whose text is XML-escaped', () => {
    const svg = areaChartSvg(summarizeArea('x', 'A <b> & c', { metrics: [{ name: '<script>', unit: 'ms', runs: [1, 2, 3, 4, 5] }] }));
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).not.toContain('<script>');
    expect(svg.startsWith('<svg')).toBe(true);
  });
});
