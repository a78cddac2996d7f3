import type { SeriesSample } from './alerting.store.js';
import type { ArithOp, CompareOp, RuleExpr } from './rule-expression.js';

export type { SeriesSample };

export interface VectorSample {
  labels: Record<string, string>;
  value: number;
}

type Value = { scalar: number } | { vector: VectorSample[] };

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

/**
 * Two label sets match when they agree on every label both carry. Stricter than that (PromQL's
 * exact match) would never pair `accuracy{monitor,model}` with `accuracy_baseline{model}`; looser
 * would pair series of different monitors.
 *
 * The right-hand samples matching a left-hand one are found through hash indexes rather than by
 * comparing every pair: right samples are grouped by their label names, and each group is indexed
 * by the values of the label names it shares with the left sample (built once per shared set).
 * A join of a thousand series with a thousand is then a few thousand lookups, not a million checks.
 */
function partnersOf(right: readonly VectorSample[]): (l: VectorSample) => VectorSample[] {
  const groups = new Map<string, { names: string[]; samples: VectorSample[]; byShared: Map<string, Map<string, VectorSample[]>> }>();
  for (const r of right) {
    const names = Object.keys(r.labels).sort();
    const sig = names.join('\0');
    const g = groups.get(sig);
    if (g) g.samples.push(r);
    else groups.set(sig, { names, samples: [r], byShared: new Map() });
  }
  const valuesOf = (labels: Record<string, string>, names: readonly string[]): string => JSON.stringify(names.map((n) => labels[n]));
  return (l) => {
    const out: VectorSample[] = [];
    for (const g of groups.values()) {
      const shared = g.names.filter((n) => n in l.labels);
      const sharedSig = shared.join('\0');
      let index = g.byShared.get(sharedSig);
      if (!index) {
        index = new Map();
        for (const r of g.samples) {
          const key = valuesOf(r.labels, shared);
          const list = index.get(key);
          if (list) list.push(r);
          else index.set(key, [r]);
        }
        g.byShared.set(sharedSig, index);
      }
      const hits = index.get(valuesOf(l.labels, shared));
      if (hits) out.push(...hits);
    }
    return out;
  };
}

function join(left: VectorSample[], right: VectorSample[], combine: (l: VectorSample, r: VectorSample) => VectorSample | undefined): VectorSample[] {
  const out: VectorSample[] = [];
  const partners = partnersOf(right);
  for (const l of left) {
    for (const r of partners(l)) {
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
      if (expr.op === 'and') {
        const partners = partnersOf(r);
        return { vector: l.filter((a) => partners(a).length > 0) };
      }
      const partners = partnersOf(l);
      return { vector: [...l, ...r.filter((b) => partners(b).length === 0)] };
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
