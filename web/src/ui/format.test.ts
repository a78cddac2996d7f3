import { describe, expect, it } from 'vitest';
import { formatBytes, formatNumber, formatRunDuration, formatShortTime } from './format.js';

describe('formatNumber', () => {
  it('keeps four significant digits and names the non-finite values', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(1.5e-7)).toBe('1.500e-7');
    expect(formatNumber('NaN')).toBe('NaN');
    expect(formatNumber('Infinity')).toBe('∞');
    expect(formatNumber('-Infinity')).toBe('−∞');
    expect(formatNumber(null)).toBe('—');
  });
});

describe('formatRunDuration', () => {
  it('measures to the end, or to now while running', () => {
    expect(formatRunDuration(1_000, 253_000)).toBe('4m 12s');
    expect(formatRunDuration(1_000, null, 1_500)).toBe('500ms');
    expect(formatRunDuration(0, null)).toBe('—');
  });
});

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});

describe('formatShortTime', () => {
  it('drops the year within the current one', () => {
    const now = new Date(2026, 5, 1);
    expect(formatShortTime(new Date(2026, 2, 3, 14, 5).getTime(), now)).toMatch(/14:05/);
    expect(formatShortTime(new Date(2024, 2, 3).getTime(), now)).toMatch(/2024/);
    expect(formatShortTime(0, now)).toBe('—');
  });
});
