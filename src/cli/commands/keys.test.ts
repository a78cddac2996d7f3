import { describe, expect, it } from 'vitest';
import { parseBudget } from './keys.js';

describe('keel keys create --budget', () => {
  it('reads an amount in USD and a period', () => {
    expect(parseBudget('10usd/month')).toEqual({ usd: 10, period: 'month' });
    expect(parseBudget('$2.50/day')).toEqual({ usd: 2.5, period: 'day' });
    expect(parseBudget('100 USD / week')).toEqual({ usd: 100, period: 'week' });
    expect(parseBudget('5usd')).toEqual({ usd: 5, period: 'total' });
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'ten', '10usd/year', '0usd/day', '-1/day', '10eur/month']) expect(() => parseBudget(bad)).toThrow(/10usd\/month/);
  });
});
