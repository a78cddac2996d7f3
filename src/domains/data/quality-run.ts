/**
 * Runs a quality suite on one version: every schema, completeness, range, uniqueness and
 * freshness measure is handed to the engine at once (one scan of the data); distribution checks
 * reuse the monitoring domain's drift tests against a reference version. Each check becomes a
 * CheckResult with the measured value, the threshold and up to 20 failing examples.
 */
import { computeDriftReport, driftSettings, type ColumnTable } from '../monitoring/index.js';
import type { CheckResult, ColumnSchema, QualityCheck, QualitySuite } from './data.schema.js';
import type { LocalDataset, DatasetEngine, Measure } from './data.store.js';
import { typeMatches } from './quality-suite.js';

export const EXAMPLE_LIMIT = 20;
const HOUR_MS = 3_600_000;

/** What a distribution check compares against: the reference's columns, read on demand. */
export type ReferenceReader = (reference: string, columns: readonly string[]) => Promise<ColumnTable>;

interface Context {
  engine: DatasetEngine;
  data: LocalDataset;
  schema: ColumnSchema[];
  rowCount: number;
  now: number;
  readReference: ReferenceReader;
}

const round = (v: number): number => Number(v.toPrecision(6));
const checkName = (check: QualityCheck, columns: string[]): string => check.name ?? `${check.type}${columns.length ? `:${columns.join(',')}` : ''}`;

function missingColumn(check: QualityCheck, columns: string[], missing: string[]): CheckResult {
  return { name: checkName(check, columns), type: check.type, columns, passed: false, measured: null, threshold: null, detail: `column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not in the dataset`, failingExamples: [] };
}

function schemaResult(check: Extract<QualityCheck, { type: 'schema' }>, schema: ColumnSchema[]): CheckResult {
  const actual = new Map(schema.map((c) => [c.name, c.type]));
  const problems: Record<string, unknown>[] = [];
  for (const [column, expected] of Object.entries(check.columns)) {
    const type = actual.get(column);
    if (type === undefined) problems.push({ column, expected, actual: null, problem: 'missing' });
    else if (!typeMatches(expected, type)) problems.push({ column, expected, actual: type, problem: 'type' });
  }
  if (!check.allowExtra) for (const c of schema) if (!(c.name in check.columns)) problems.push({ column: c.name, expected: null, actual: c.type, problem: 'extra' });
  const detail = problems.length === 0 ? `${Object.keys(check.columns).length} columns as expected` : problems.map((p) => (p.problem === 'missing' ? `${String(p.column)} missing` : p.problem === 'extra' ? `${String(p.column)} not expected` : `${String(p.column)} is ${String(p.actual)}, expected ${String(p.expected)}`)).join('; ');
  return { name: checkName(check, []), type: 'schema', columns: Object.keys(check.columns), passed: problems.length === 0, measured: problems.length, threshold: 0, detail, failingExamples: problems.slice(0, EXAMPLE_LIMIT) };
}

/** A planned measure and how to turn its result into a CheckResult. */
interface Planned {
  measure: Measure;
  finish(value: number | null, base: number, examples: Record<string, unknown>[]): CheckResult;
}

function plan(check: QualityCheck, ctx: Context, out: (CheckResult | Planned)[]): void {
  const names = new Set(ctx.schema.map((c) => c.name));
  const missing = (cols: string[]): string[] => cols.filter((c) => !names.has(c));
  switch (check.type) {
    case 'schema':
      out.push(schemaResult(check, ctx.schema));
      return;
    case 'completeness': {
      const columns = check.columns ?? ctx.schema.map((c) => c.name);
      for (const column of columns) {
        if (missing([column]).length) {
          out.push(missingColumn(check, [column], [column]));
          continue;
        }
        out.push({
          measure: { kind: 'nulls', column },
          finish: (nulls, base, examples) => {
            const fraction = base === 0 ? 0 : (nulls ?? 0) / base;
            return { name: `${check.name ?? 'completeness'}:${column}`, type: 'completeness', columns: [column], passed: fraction <= check.maxNullFraction, measured: round(fraction), threshold: check.maxNullFraction, detail: `${nulls ?? 0} of ${base} values missing`, failingExamples: fraction <= check.maxNullFraction ? [] : examples };
          },
        });
      }
      return;
    }
    case 'range': {
      if (missing([check.column]).length) return void out.push(missingColumn(check, [check.column], [check.column]));
      const what = [check.min !== undefined || check.max !== undefined ? `outside [${check.min ?? '-∞'}, ${check.max ?? '∞'}]` : '', check.allowed ? `not in the ${check.allowed.length} allowed values` : '', check.regex ? `not matching /${check.regex}/` : ''].filter(Boolean).join(' or ');
      out.push({
        measure: { kind: 'violations', column: check.column, min: check.min, max: check.max, allowed: check.allowed?.map(String), regex: check.regex },
        finish: (failing, base, examples) => {
          const fraction = base === 0 ? 0 : (failing ?? 0) / base;
          const passed = fraction <= check.maxFailFraction;
          return { name: checkName(check, [check.column]), type: 'range', columns: [check.column], passed, measured: round(fraction), threshold: check.maxFailFraction, detail: `${failing ?? 0} of ${base} values ${what}`, failingExamples: passed ? [] : examples };
        },
      });
      return;
    }
    case 'uniqueness': {
      const gone = missing(check.columns);
      if (gone.length) return void out.push(missingColumn(check, check.columns, gone));
      out.push({
        measure: { kind: 'duplicates', columns: check.columns },
        finish: (dupes, keys, examples) => ({ name: checkName(check, check.columns), type: 'uniqueness', columns: check.columns, passed: (dupes ?? 0) === 0, measured: dupes ?? 0, threshold: 0, detail: `${dupes ?? 0} rows repeat a key (${keys} distinct keys)`, failingExamples: examples }),
      });
      return;
    }
    case 'freshness': {
      if (missing([check.column]).length) return void out.push(missingColumn(check, [check.column], [check.column]));
      out.push({
        measure: { kind: 'latest', column: check.column },
        finish: (latest) => {
          const name = checkName(check, [check.column]);
          if (latest === null) return { name, type: 'freshness', columns: [check.column], passed: false, measured: null, threshold: check.maxAgeHours, detail: `no value of ${check.column} reads as a timestamp`, failingExamples: [] };
          const age = (ctx.now - latest) / HOUR_MS;
          return { name, type: 'freshness', columns: [check.column], passed: age <= check.maxAgeHours, measured: round(age), threshold: check.maxAgeHours, detail: `newest ${check.column} is ${new Date(latest).toISOString()}, ${round(age)} h old`, failingExamples: [] };
        },
      });
      return;
    }
    case 'distribution':
      return; // run after the scan: it reads whole columns, not aggregates
  }
}

async function distribution(check: Extract<QualityCheck, { type: 'distribution' }>, ctx: Context): Promise<CheckResult[]> {
  const names = new Set(ctx.schema.map((c) => c.name));
  const explicit = check.columns !== undefined;
  const reference = await ctx.readReference(check.reference, check.columns ?? ctx.schema.map((c) => c.name));
  const refNames = new Set(reference.columns.filter((c) => explicit || c.kind !== 'unsupported').map((c) => c.name));
  const wanted = (check.columns ?? [...refNames]).filter((c) => explicit || names.has(c));
  const gone = wanted.filter((c) => !names.has(c) || !refNames.has(c));
  const results: CheckResult[] = gone.map((c) => missingColumn(check, [c], [c]));
  const columns = wanted.filter((c) => !gone.includes(c));
  if (columns.length === 0) return results;
  const current = await ctx.engine.readColumns(ctx.data, columns);
  const settings = driftSettings(check.test, check.threshold === undefined || check.test === 'auto' ? {} : { thresholds: { [check.test]: check.threshold } });
  const { report } = computeDriftReport(reference, current, columns, settings);
  for (const column of columns) {
    const d = report.columns[column];
    if (!d) continue;
    const name = `${check.name ?? 'distribution'}:${column}`;
    if (d.not_computable !== undefined) {
      results.push({ name, type: 'distribution', columns: [column], passed: !explicit, measured: null, threshold: null, detail: `not computable: ${d.not_computable}`, failingExamples: [] });
      continue;
    }
    const pValue = d.p_value !== null;
    const measured = pValue ? (d.p_value as number) : (d.statistic as number);
    results.push({
      name,
      type: 'distribution',
      columns: [column],
      passed: !d.drifted,
      measured: round(measured),
      threshold: d.threshold,
      detail: `${d.test} vs ${check.reference}: ${pValue ? `p-value ${round(measured)} (drift below ${d.threshold})` : `distance ${round(measured)} (drift from ${d.threshold})`}`,
      failingExamples: [],
    });
  }
  return results;
}

export async function runQualitySuite(suite: QualitySuite, ctx: Context): Promise<CheckResult[]> {
  const items: (CheckResult | Planned)[] = [];
  const order: { check: QualityCheck; from: number; to: number }[] = [];
  for (const check of suite.checks) {
    const from = items.length;
    plan(check, ctx, items);
    order.push({ check, from, to: items.length });
  }
  const planned = items.filter((i): i is Planned => 'measure' in i);
  const measured = planned.length > 0 ? await ctx.engine.measure(ctx.data, planned.map((p) => p.measure), { exampleLimit: EXAMPLE_LIMIT }) : [];
  const finished = new Map(planned.map((p, i) => [p, p.finish(measured[i]?.value ?? null, measured[i]?.base ?? 0, measured[i]?.examples ?? [])]));
  const results: CheckResult[] = [];
  for (const { check, from, to } of order) {
    if (check.type === 'distribution') results.push(...(await distribution(check, ctx)));
    else for (const item of items.slice(from, to)) results.push('measure' in item ? (finished.get(item) as CheckResult) : item);
  }
  return results;
}

export type { Context as QualityContext };
