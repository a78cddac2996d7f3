import { describe, expect, it } from 'vitest';
import { formatDuration } from './format-duration.js';

describe('formatDuration', () => {
  it('keeps the two largest units', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(9_999)).toBe('9s');
    expect(formatDuration(252_000)).toBe('4m 12s');
    expect(formatDuration(7_500_000)).toBe('2h 5m');
    expect(formatDuration(273_600_000)).toBe('3d 4h');
  });

  it('never shows a negative uptime when clocks disagree', () => {
    expect(formatDuration(-5_000)).toBe('0s');
  });
});
