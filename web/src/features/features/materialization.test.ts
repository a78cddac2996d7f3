import { describe, expect, it } from 'vitest';
import { INCREMENTAL_DRAFT, materializeRequest, progressFraction, progressText } from './materialization.js';

describe('materialization helpers', () => {
  it('builds incremental and window requests, for all views or one', () => {
    expect(materializeRequest(INCREMENTAL_DRAFT)).toEqual({ incremental: true });
    expect(materializeRequest(INCREMENTAL_DRAFT, 'driver_stats')).toEqual({ views: ['driver_stats'], incremental: true });
    expect(materializeRequest({ mode: 'window', start: '', end: '' }, 'v')).toEqual({ views: ['v'] });
    const req = materializeRequest({ mode: 'window', start: '2024-01-01T00:00', end: '2024-01-02T12:30' });
    expect(req.start).toBe(new Date('2024-01-01T00:00').toISOString());
    expect(req.end).toBe(new Date('2024-01-02T12:30').toISOString());
    expect(req.incremental).toBeUndefined();
  });

  it('shows progress as a fraction and as text', () => {
    expect(progressFraction({ done: 0, total: null })).toBe(0);
    expect(progressFraction({ done: 0, total: 0 })).toBe(1);
    expect(progressFraction({ done: 250, total: 1000 })).toBe(0.25);
    expect(progressText({ done: 0, total: null })).toBe('waiting');
    expect(progressText({ done: 1200, total: 3000 })).toBe('1,200 / 3,000 rows');
  });
});
