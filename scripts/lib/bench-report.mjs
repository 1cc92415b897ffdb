// Pure functions behind `npm run bench`: statistics, ratios against the same-run baseline,
// comparison with the previous run, and the Markdown + SVG report. No I/O here so the
// report logic is unit-tested (scripts/test/bench-report.test.ts).

const REGRESSION_THRESHOLD = 0.2;

import { median } from './stats.mjs';

export { median };

function summarize(runs) {
  const finite = runs.filter((x) => Number.isFinite(x));
  return {
    runs: finite,
    median: median(finite),
    min: finite.length ? Math.min(...finite) : NaN,
    max: finite.length ? Math.max(...finite) : NaN,
  };
}

/** Turns an area module's raw metrics into summarised ones with ratios and goal verdicts. */
export function summarizeArea(area, title, raw) {
  const metrics = (raw.metrics ?? []).map((m) => {
    const s = summarize(m.runs ?? []);
    /** @type {Record<string, any>} */
    const out = { name: m.name, unit: m.unit, better: m.better ?? 'lower', ...s };
    if (m.baseline) {
      const b = summarize(m.baseline.runs ?? []);
      out.baseline = { name: m.baseline.name, ...b };
      out.ratio = b.median > 0 ? s.median / b.median : null;
    }
    if (m.goal) {
      const subject = m.goal.of === 'ratio' ? out.ratio : out.median;
      out.goal = { ...m.goal, met: subject == null || !Number.isFinite(subject) ? null : compare(subject, m.goal.op, m.goal.value) };
    }
    return out;
  });
  return { area, title, metrics, notes: raw.notes ?? [], error: raw.error ?? null };
}

function compare(a, op, b) {
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    default: return null;
  }
}

/**
 * Marks each metric with its change against the previous report. Absolute times move with the
 * machine's load (a busy machine made dozens of false "regressions"), so only a metric with a
 * same-run baseline is compared for regressions, through its ratio to that baseline: a ratio
 * that moved in the wrong direction by more than the threshold is a regression. A metric
 * without a baseline still shows how its median moved, for information, never flagged.
 */
export function compareWithPrevious(report, previous) {
  if (!previous?.areas) return report;
  const prev = new Map();
  for (const a of previous.areas) for (const m of a.metrics ?? []) prev.set(`${a.area}\u0000${m.name}`, m);
  for (const a of report.areas) {
    for (const m of a.metrics) {
      const p = prev.get(`${a.area}\u0000${m.name}`);
      if (!p) continue;
      if (Number.isFinite(m.ratio) && Number.isFinite(p.ratio) && p.ratio > 0) {
        const change = (m.ratio - p.ratio) / p.ratio;
        const worse = m.better === 'higher' ? -change : change;
        m.previous = { basis: 'ratio', ratio: p.ratio, change, regression: worse > REGRESSION_THRESHOLD };
      } else if (Number.isFinite(p.median) && p.median !== 0 && Number.isFinite(m.median)) {
        m.previous = { basis: 'absolute', median: p.median, change: (m.median - p.median) / p.median, regression: false };
      }
    }
  }
  report.comparedWith = previous.finishedAt ?? null;
  return report;
}

export function regressions(report) {
  const out = [];
  for (const a of report.areas) for (const m of a.metrics) if (m.previous?.regression) out.push(`${a.area}: ${m.name}`);
  return out;
}

function fmt(n, unit = '') {
  if (n == null || !Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const s = n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${s} ${unit}` : s;
}

function escapeXml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);
}

function escapeMd(s) {
  return String(s).replace(/[|\\`*_<>]/g, (c) => `\\${c}`);
}

/** A horizontal bar chart of medians (with min–max whiskers), baseline bars beside them. */
export function areaChartSvg(area) {
  const rows = [];
  for (const m of area.metrics) {
    if (!Number.isFinite(m.median)) continue;
    rows.push({ label: m.name, unit: m.unit, median: m.median, min: m.min, max: m.max, kind: 'subject' });
    if (m.baseline && Number.isFinite(m.baseline.median)) {
      rows.push({ label: `  baseline: ${m.baseline.name}`, unit: m.unit, median: m.baseline.median, min: m.baseline.min, max: m.baseline.max, kind: 'baseline' });
    }
  }
  const width = 760;
  const labelW = 300;
  const barH = 16;
  const gap = 8;
  const height = 30 + rows.length * (barH + gap) + 10;
  // One scale per unit so milliseconds and megabytes are not drawn against each other.
  const maxByUnit = new Map();
  for (const r of rows) maxByUnit.set(r.unit, Math.max(maxByUnit.get(r.unit) ?? 0, r.max, r.median));
  const plotW = width - labelW - 120;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="8" y="18" font-weight="bold">${escapeXml(area.title)}</text>`,
  ];
  rows.forEach((r, i) => {
    const y = 30 + i * (barH + gap);
    const scale = (maxByUnit.get(r.unit) || 1);
    const w = Math.max(1, (r.median / scale) * plotW);
    const x0 = labelW;
    const color = r.kind === 'baseline' ? '#9ca3af' : '#2563eb';
    parts.push(`<text x="8" y="${y + 12}" fill="#111827">${escapeXml(r.label.length > 46 ? `${r.label.slice(0, 45)}…` : r.label)}</text>`);
    parts.push(`<rect x="${x0}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${color}"/>`);
    let end = x0 + w;
    if (Number.isFinite(r.min) && Number.isFinite(r.max) && r.max > r.min) {
      const a = x0 + (r.min / scale) * plotW;
      const b = x0 + (r.max / scale) * plotW;
      parts.push(`<line x1="${a.toFixed(1)}" x2="${b.toFixed(1)}" y1="${y + barH / 2}" y2="${y + barH / 2}" stroke="#111827" stroke-width="1"/>`);
      end = Math.max(end, b);
    }
    // The label goes after the bar or the whisker, whichever reaches further, never on top of it.
    parts.push(`<text x="${(end + 6).toFixed(1)}" y="${y + 12}" fill="#111827">${escapeXml(fmt(r.median, r.unit))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export function slug(s) {
  return String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'area';
}

export function renderMarkdown(report) {
  const lines = [];
  lines.push('# objscope benchmark report', '');
  lines.push(`Run finished ${report.finishedAt} on ${escapeMd(report.machine)}; ${report.runs} runs per measurement, medians with min–max.`);
  if (report.comparedWith) {
    lines.push(
      `Compared with the previous run of ${report.comparedWith}: a ratio to the same-run baseline that moved for the worse by over ${REGRESSION_THRESHOLD * 100}% is flagged ⚠; ` +
        'changes of absolute figures (marked "abs.") depend on the machine\'s load and are shown for information only.',
    );
  }
  const regs = regressions(report);
  if (regs.length) lines.push('', `**Regressions:** ${regs.map(escapeMd).join('; ')}`);
  for (const a of report.areas) {
    lines.push('', `## ${escapeMd(a.title)} (\`${a.area}\`)`, '');
    if (a.carriedOver) lines.push('Not run this time: these figures are carried over from the previous report.', '');
    if (a.error) {
      lines.push(`Not measured: ${escapeMd(a.error)}`);
      continue;
    }
    lines.push('| measurement | median | min | max | baseline (median) | ratio | goal | vs previous |');
    lines.push('| --- | ---: | ---: | ---: | --- | ---: | --- | ---: |');
    for (const m of a.metrics) {
      const base = m.baseline ? `${escapeMd(m.baseline.name)}: ${fmt(m.baseline.median, m.unit)}` : '';
      const ratio = m.ratio != null ? `${fmt(m.ratio)}x` : '';
      const goal = m.goal ? `${m.goal.of} ${m.goal.op} ${m.goal.value}: ${m.goal.met == null ? '?' : m.goal.met ? 'met' : '**not met**'}` : '';
      const prev = m.previous
        ? `${m.previous.change >= 0 ? '+' : ''}${(m.previous.change * 100).toFixed(1)}%${m.previous.basis === 'ratio' ? ' (ratio)' : ' abs.'}${m.previous.regression ? ' ⚠' : ''}`
        : '';
      lines.push(`| ${escapeMd(m.name)} | ${fmt(m.median, m.unit)} | ${fmt(m.min, m.unit)} | ${fmt(m.max, m.unit)} | ${base} | ${ratio} | ${goal} | ${prev} |`);
    }
    for (const n of a.notes) lines.push('', `- ${escapeMd(n)}`);
    if (a.metrics.some((m) => Number.isFinite(m.median))) lines.push('', `![${escapeMd(a.title)}](charts/${slug(a.area)}.svg)`);
  }
  lines.push('');
  return lines.join('\n');
}
