import type { SeriesSample } from './alerting.store.js';
import type { ArithOp, CompareOp, RuleExpr } from './rule-expression.js';

export type { SeriesSample };

export interface VectorSample {
  labels: Record<string, string>;
  value: number;
}

type Value = { scalar: number } | { vector: VectorSample[] };

/**
 * Two label sets match when they agree on every label both carry. Stricter than that
 * (PromQL's exact match) would never pair `accuracy{monitor,model}` with
 * `accuracy_baseline{model}`; looser would pair series of different monitors.
 */
function compatible(a: Record<string, string>, b: Record<string, string>): boolean {
  for (const key in a) if (key in b && b[key] !== a[key]) return false;
  return true;
}

function arith(op: ArithOp, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
  }
}

function compare(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '<':
      return a < b;
    case '>=':
      return a >= b;
    case '<=':
      return a <= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}

function join(left: VectorSample[], right: VectorSample[], combine: (l: VectorSample, r: VectorSample) => VectorSample | undefined): VectorSample[] {
  const out: VectorSample[] = [];
  for (const l of left) {
    for (const r of right) {
      if (!compatible(l.labels, r.labels)) continue;
      const s = combine(l, r);
      if (s) out.push(s);
    }
  }
  return out;
}

function evaluate(expr: RuleExpr, series: ReadonlyMap<string, readonly SeriesSample[]>): Value {
  switch (expr.kind) {
    case 'number':
      return { scalar: expr.value };
    case 'selector': {
      const all = series.get(expr.metric) ?? [];
      const picked = all.filter((s) => expr.matchers.every((m) => ((s.labels[m.label] ?? '') === m.value) === (m.op === '=')));
      return { vector: picked.map((s) => ({ labels: { ...s.labels }, value: s.value })) };
    }
    case 'neg': {
      const v = evaluate(expr.operand, series);
      return 'scalar' in v ? { scalar: -v.scalar } : { vector: v.vector.map((s) => ({ labels: s.labels, value: -s.value })) };
    }
    case 'arith': {
      const l = evaluate(expr.left, series);
      const r = evaluate(expr.right, series);
      if ('scalar' in l && 'scalar' in r) return { scalar: arith(expr.op, l.scalar, r.scalar) };
      if ('scalar' in r) return { vector: (l as { vector: VectorSample[] }).vector.map((s) => ({ labels: s.labels, value: arith(expr.op, s.value, r.scalar) })) };
      if ('scalar' in l) return { vector: r.vector.map((s) => ({ labels: s.labels, value: arith(expr.op, l.scalar, s.value) })) };
      return { vector: join(l.vector, r.vector, (a, b) => ({ labels: { ...a.labels, ...b.labels }, value: arith(expr.op, a.value, b.value) })) };
    }
    case 'compare': {
      const l = evaluate(expr.left, series);
      const r = evaluate(expr.right, series);
      // Like PromQL without `bool`: a comparison filters, keeping the sample's own value for the alert.
      if ('scalar' in l && 'scalar' in r) return { vector: compare(expr.op, l.scalar, r.scalar) ? [{ labels: {}, value: l.scalar }] : [] };
      if ('scalar' in r) return { vector: (l as { vector: VectorSample[] }).vector.filter((s) => compare(expr.op, s.value, r.scalar)) };
      if ('scalar' in l) return { vector: r.vector.filter((s) => compare(expr.op, l.scalar, s.value)) };
      return { vector: join(l.vector, r.vector, (a, b) => (compare(expr.op, a.value, b.value) ? { labels: { ...a.labels, ...b.labels }, value: a.value } : undefined)) };
    }
    case 'logic': {
      const l = asVector(evaluate(expr.left, series));
      const r = asVector(evaluate(expr.right, series));
      if (expr.op === 'and') return { vector: l.filter((a) => r.some((b) => compatible(a.labels, b.labels))) };
      return { vector: [...l, ...r.filter((b) => !l.some((a) => compatible(a.labels, b.labels)))] };
    }
  }
}

function asVector(v: Value): VectorSample[] {
  return 'scalar' in v ? [{ labels: {}, value: v.scalar }] : v.vector;
}

/**
 * The samples for which a rule's condition holds: each one is an alert instance, identified
 * by its labels. NaN results never fire (a comparison with NaN is false).
 */
export function evaluateRule(expr: RuleExpr, series: ReadonlyMap<string, readonly SeriesSample[]>): VectorSample[] {
  const samples = asVector(evaluate(expr, series));
  // One alert per label set: a join can yield the same labels twice (several compatible partners).
  const seen = new Map<string, VectorSample>();
  for (const s of samples) {
    const key = labelKey(s.labels);
    if (!seen.has(key)) seen.set(key, s);
  }
  return [...seen.values()];
}

/** A stable string for a label set (sorted keys). */
export function labelKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}
