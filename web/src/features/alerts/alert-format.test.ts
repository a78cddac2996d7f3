import { describe, expect, it } from 'vitest';
import { alertLabels, formatSeconds, formatValue } from './alert-format.js';

describe('alert formatting', () => {
  it('shows the labels that distinguish alerts, not the rule name or severity', () => {
    expect(alertLabels({ alertname: 'DataDrift', severity: 'warning', monitor: 'churn', dataset: 'abc' })).toBe('monitor=churn dataset=abc');
  });
  it('formats values and durations for tables', () => {
    expect(formatValue(0.051234)).toBe('0.05123');
    expect(formatValue(1_200_000)).toBe('1,200,000');
    expect(formatSeconds(0)).toBe('at once');
    expect(formatSeconds(90)).toBe('1m 30s');
    expect(formatSeconds(4 * 3600)).toBe('4h');
  });
});
