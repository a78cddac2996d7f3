import { spread } from './stats.js';
import type { CaseResult, GoalResult } from './types.js';

const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatInt(n: number): string {
  return Number.isFinite(n) ? intFmt.format(n) : '—';
}

function formatMs(n: number): string {
  return Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : '—';
}

function formatMBps(bytesPerSec: number): string {
  return (bytesPerSec / 1e6).toFixed(1);
}

export interface Table {
  header: string[];
  rows: string[][];
  /** Columns aligned right (numbers). */
  right: ReadonlySet<number>;
}

/** The one layout every suite prints: one row per case, medians, with the spread across rounds. */
export function caseTable(cases: readonly CaseResult[]): Table {
  return {
    header: ['route', 'server', 'req/s', 'p50 ms', 'p99 ms', 'MB/s', 'spread', 'failures'],
    rows: cases.map((c) => [
      c.route,
      c.server,
      formatInt(c.median.reqPerSec),
      formatMs(c.median.p50Ms),
      formatMs(c.median.p99Ms),
      formatMBps(c.median.bytesPerSec),
      `±${(spread(c.rounds) * 50).toFixed(1)}%`,
      formatInt(c.median.failures),
    ]),
    right: new Set([2, 3, 4, 5, 6, 7]),
  };
}

/** Goals with their measured value and verdict. */
export function goalTable(goals: readonly GoalResult[]): Table {
  return {
    header: ['goal', 'measured', 'target', 'result'],
    rows: goals.map((g) => [g.name, g.measured, g.goal, g.pass ? 'PASS' : 'FAIL']),
    right: new Set([1]),
  };
}

export function renderText(table: Table): string {
  const widths = table.header.map((h, i) => Math.max(h.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (table.right.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(table.header), widths.map((w) => '-'.repeat(w)).join('  '), ...table.rows.map(line)].join('\n');
}

/** Same table as GitHub markdown, for docs/benchmarks. */
export function renderMarkdown(table: Table): string {
  const sep = table.header.map((_, i) => (table.right.has(i) ? '---:' : '---'));
  return [table.header, sep, ...table.rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}
