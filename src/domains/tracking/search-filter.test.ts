import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { parseSearchFilter } from './search-filter.js';

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('parseSearchFilter (runs)', () => {
  it('parses the issue example into four clauses', () => {
    expect(parseSearchFilter("metrics.acc > 0.9 and params.lr = '0.01' and tags.x != 'y' and attributes.status = 'FINISHED'")).toEqual([
      { kind: 'compare', entity: 'metric', key: 'acc', op: '>', value: 0.9 },
      { kind: 'compare', entity: 'param', key: 'lr', op: '=', value: '0.01' },
      { kind: 'compare', entity: 'tag', key: 'x', op: '!=', value: 'y' },
      { kind: 'compare', entity: 'attribute', key: 'status', op: '=', value: 'FINISHED' },
    ]);
  });

  it('is empty for an empty or blank filter', () => {
    expect(parseSearchFilter('')).toEqual([]);
    expect(parseSearchFilter('   ')).toEqual([]);
  });

  it('reads quoted keys with spaces and dots, entity aliases, and case-insensitive keywords', () => {
    expect(parseSearchFilter('metrics."val acc" <= -1.5e-3 AND metric.`a.b` >= 2')).toEqual([
      { kind: 'compare', entity: 'metric', key: 'val acc', op: '<=', value: -0.0015 },
      { kind: 'compare', entity: 'metric', key: 'a.b', op: '>=', value: 2 },
    ]);
    expect(parseSearchFilter("tag.`mlflow.runName` LIKE 'run-%' and params.opt ilike \"ADAM\"")).toEqual([
      { kind: 'compare', entity: 'tag', key: 'mlflow.runName', op: 'LIKE', value: 'run-%' },
      { kind: 'compare', entity: 'param', key: 'opt', op: 'ILIKE', value: 'ADAM' },
    ]);
    expect(parseSearchFilter("params.note = 'it''s'")[0]).toMatchObject({ value: "it's" });
  });

  it('supports IN / NOT IN for attributes and datasets, IS [NOT] NULL for params, tags and metrics', () => {
    expect(parseSearchFilter("attributes.run_id IN ('a', 'b') and datasets.name NOT IN ('iris')")).toEqual([
      { kind: 'in', entity: 'attribute', key: 'run_id', negated: false, values: ['a', 'b'] },
      { kind: 'in', entity: 'dataset', key: 'name', negated: true, values: ['iris'] },
    ]);
    expect(parseSearchFilter('params.lr IS NULL and tags.t is not null')).toEqual([
      { kind: 'null', entity: 'param', key: 'lr', negated: false },
      { kind: 'null', entity: 'tag', key: 't', negated: true },
    ]);
    expect(parseSearchFilter('attributes.start_time > 1700000000000 and created < 5 and status = \'RUNNING\'')).toEqual([
      { kind: 'compare', entity: 'attribute', key: 'start_time', op: '>', value: 1_700_000_000_000 },
      { kind: 'compare', entity: 'attribute', key: 'start_time', op: '<', value: 5 },
      { kind: 'compare', entity: 'attribute', key: 'status', op: '=', value: 'RUNNING' },
    ]);
    expect(parseSearchFilter("datasets.digest = 'abc'")).toEqual([{ kind: 'compare', entity: 'dataset', key: 'digest', op: '=', value: 'abc' }]);
  });

  it('points at the position and token of a mistake', () => {
    const e = errorOf(() => parseSearchFilter("metrics.acc > 'high'"));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toBe("invalid filter at position 14 near ''high'': expected a number for metrics.acc");
    expect(e.details).toMatchObject({ position: 14, token: "'high'" });
    expect(errorOf(() => parseSearchFilter('params.lr = 0.01')).message).toMatch(/position 12 near '0.01': expected a quoted string/);
    expect(errorOf(() => parseSearchFilter('metrics.acc > 1 or metrics.acc < 0')).message).toMatch(/position 16 near 'or': expected AND \(OR is not supported\)/);
    expect(errorOf(() => parseSearchFilter('foo.bar = 1')).message).toMatch(/position 0 near 'foo.bar'/);
    expect(errorOf(() => parseSearchFilter("attributes.colour = 'red'")).message).toMatch(/an attribute among/);
    expect(errorOf(() => parseSearchFilter('metrics.acc >')).message).toMatch(/near end of input/);
    expect(errorOf(() => parseSearchFilter("params.lr = 'open")).message).toMatch(/position 12 .*closing '/);
    expect(errorOf(() => parseSearchFilter('metrics.acc LIKE 1')).message).toMatch(/one of = != > >= < <=/);
    expect(errorOf(() => parseSearchFilter("params.lr IN ('a')")).message).toMatch(/IN applies to/);
    expect(errorOf(() => parseSearchFilter('metrics.a > 1 and')).message).toMatch(/near end of input: expected an identifier/);
    expect(errorOf(() => parseSearchFilter('metrics.a # 1')).message).toMatch(/position 10 near '#'/);
  });
});

describe('parseSearchFilter (experiments)', () => {
  it('accepts names, times and tags, and refuses run entities', () => {
    expect(parseSearchFilter("name LIKE 'exp%' and tags.team = 'ml' and creation_time > 5", 'experiments')).toEqual([
      { kind: 'compare', entity: 'attribute', key: 'name', op: 'LIKE', value: 'exp%' },
      { kind: 'compare', entity: 'tag', key: 'team', op: '=', value: 'ml' },
      { kind: 'compare', entity: 'attribute', key: 'creation_time', op: '>', value: 5 },
    ]);
    expect(errorOf(() => parseSearchFilter('metrics.acc > 1', 'experiments')).message).toMatch(/searching experiments/);
  });
});
