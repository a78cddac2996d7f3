import { describe, expect, it } from 'vitest';
import { evaluateRule, type SeriesSample } from './rule-evaluation.js';
import { parseRuleExpression, referencedMetrics } from './rule-expression.js';

const s = (metric: string, value: number, labels: Record<string, string> = {}): SeriesSample => ({ metric, value, labels, at: 0 });
function run(expr: string, samples: SeriesSample[]) {
  const byMetric = new Map<string, SeriesSample[]>();
  for (const x of samples) byMetric.set(x.metric, [...(byMetric.get(x.metric) ?? []), x]);
  return evaluateRule(parseRuleExpression(expr), byMetric);
}

describe('rule expressions', () => {
  it('filters a series by comparison and keeps its value and labels', () => {
    const out = run('error_rate > 0.05', [s('error_rate', 0.1, { deployment: 'a' }), s('error_rate', 0.01, { deployment: 'b' })]);
    expect(out).toEqual([{ labels: { deployment: 'a' }, value: 0.1 }]);
  });

  it('honours precedence: arithmetic before comparison before and before or', () => {
    expect(run('x > 1 + 2 * 3', [s('x', 7.5)])).toHaveLength(1);
    expect(run('x > (1 + 2) * 3', [s('x', 7.5)])).toHaveLength(0);
    expect(run('x > 100 or x < 1 and x > 0', [s('x', 0.5)])).toHaveLength(1);
    expect(run('-x < -1', [s('x', 2)])).toHaveLength(1);
    expect(run('x >= 5%', [s('x', 0.05)])).toHaveLength(1);
  });

  it('selects by label matchers', () => {
    const data = [s('drift_detected', 1, { monitor: 'a', column: 'x' }), s('drift_detected', 1, { monitor: 'b', column: 'y' })];
    expect(run('drift_detected{monitor="a"} == 1', data).map((r) => r.labels['monitor'])).toEqual(['a']);
    expect(run('drift_detected{monitor!="a", column="y"} == 1', data).map((r) => r.labels['monitor'])).toEqual(['b']);
    expect(run('drift_detected{monitor="c \\"quoted\\""} == 1', data)).toEqual([]);
    // As in PromQL, a missing label reads as the empty string: the per-deployment series, not the per-monitor copies.
    const infra = [s('error_rate', 0.2, { deployment: 'd' }), s('error_rate', 0.2, { deployment: 'd', monitor: 'm' })];
    expect(run('error_rate{monitor=""} > 0.05', infra)).toEqual([{ labels: { deployment: 'd' }, value: 0.2 }]);
  });

  it('joins two series on the labels they share', () => {
    const out = run('accuracy < accuracy_baseline - 0.05', [s('accuracy', 0.8, { model: 'm', monitor: 'x' }), s('accuracy_baseline', 0.9, { model: 'm' }), s('accuracy_baseline', 0.5, { model: 'other' })]);
    expect(out).toEqual([{ labels: { model: 'm', monitor: 'x' }, value: 0.8 }]);
  });

  it('and keeps left samples that have a partner; or adds right samples that have none', () => {
    const data = [s('error_rate', 0.2, { d: 'a' }), s('error_rate', 0.2, { d: 'b' }), s('throughput_rps', 5, { d: 'a' })];
    expect(run('error_rate > 0.1 and throughput_rps > 1', data).map((r) => r.labels['d'])).toEqual(['a']);
    expect(run('service_up == 0 or error_rate > 0.1', data).map((r) => r.labels['d'])).toEqual(['a', 'b']);
  });

  it('never fires on NaN and on missing series', () => {
    expect(run('x > 1', [s('x', Number.NaN)])).toEqual([]);
    expect(run('missing > 1', [])).toEqual([]);
  });

  it('lists the metrics it reads', () => {
    expect([...referencedMetrics(parseRuleExpression('a{x="1"} > b + c or d'))].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it.each([
    ['', 'is empty'],
    ['error_rate >', 'ends too early'],
    ['error_rate > 0.05 0.1', 'unexpected token'],
    ['1 + 2', 'must be a condition'],
    ['x{a=1} > 0', 'expected a quoted label value'],
    ['x{a="1" > 0', "expected '}'"],
    ['x > "s"', 'expected a number'],
    ['x ; y', "unexpected character ';'"],
    ['x == "unterminated', 'unterminated string'],
    ['('.repeat(40) + 'x' + ')'.repeat(40), 'nested too deeply'],
    ['x > ' + '1'.repeat(1001), 'longer than 1000'],
  ])('refuses %j with a message naming the problem', (expr, message) => {
    expect(() => parseRuleExpression(expr)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(message) as unknown }));
  });
});
