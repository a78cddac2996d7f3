/**
 * The quick path (a cached plan, no zod) must answer exactly what the checked path answers,
 * and every body it is unsure of must get the checked path's 4xx.
 */
import { describe, expect, it } from 'vitest';
import type { Entity, FeatureService, FeatureView } from './features.schema.js';
import { prepareLookup, storeKeys, type OnlinePlanContext } from './online-plan.js';
import { onlineKey } from './online-store.js';

const driver: Entity = { name: 'driver', joinKeys: [{ name: 'driver_id', type: 'int64' }] };
const city: Entity = { name: 'city', joinKeys: [{ name: 'city', type: 'string' }] };
const route: Entity = { name: 'route', joinKeys: [{ name: 'driver_id', type: 'int64' }, { name: 'city', type: 'string' }] };
const view = (name: string, entity: string, features: string[]): FeatureView => ({ name, entity, source: 's', ttl: '1d', features: features.map((f) => ({ name: f, type: 'float64' })) });

function context(): OnlinePlanContext {
  const views = [view('stats', 'driver', ['conv', 'trips']), view('weather', 'city', ['temp']), view('routes', 'route', ['eta', 'km'])];
  const services: FeatureService[] = [{ name: 'eta_model', features: ['routes:*', 'stats:conv'] }];
  return {
    entities: new Map([driver, city, route].map((e) => [e.name, e])),
    views: new Map(views.map((v) => [v.name, v])),
    services: new Map(services.map((s) => [s.name, s])),
    ttlMs: new Map(views.map((v) => [v.name, 86_400_000])),
    plans: new Map(),
  };
}

const GOOD: unknown[] = [
  { features: ['stats:conv'], entities: { driver_id: [1, 2, 3] } },
  { features: ['stats:*', 'weather:temp'], entities: { driver_id: [7, 8], city: ['Oslo', 'Rome "centro"'] } },
  { features: ['weather:temp', 'stats:trips', 'stats:trips'], entities: { city: ['Bergen'], driver_id: [0] } },
  { service: 'eta_model', entities: { driver_id: [1, -4], city: ['Oslo', 'Paris'] } },
  { features: ['routes:km'], entities: { driver_id: [9_007_199_254_740_991], city: ['ø'] } },
];

/** Valid but off the usual shape: the quick path declines them, the checked path answers. */
const ODD: unknown[] = [{ features: ['stats:conv'], entities: { driver_id: [1], extra: [2] } }];

const BAD: unknown[] = [
  null,
  [],
  'stats:conv',
  { features: ['stats:conv'] },
  { features: ['stats:conv'], entities: { driver_id: [1.5] } },
  { features: ['stats:conv'], entities: { driver_id: ['1'] } },
  { features: ['stats:conv'], entities: { driver_id: [] } },
  { features: ['stats:conv'], entities: { driver_id: [9_007_199_254_740_992] } },
  { features: ['stats:conv'], entities: { 'bad name': [2], driver_id: [1] } },
  { features: ['stats:conv'], entities: { rider_id: [1] } },
  { features: ['stats:conv'], entities: { driver_id: [1] }, limit: 3 },
  { features: ['stats:conv'], service: 'eta_model', entities: { driver_id: [1] } },
  { features: ['stats:*', 'weather:temp'], entities: { driver_id: [7, 8], city: ['Oslo'] } },
  { features: ['weather:temp'], entities: { city: ['x'.repeat(1_025)] } },
  { features: ['stats:nope'], entities: { driver_id: [1] } },
  { features: ['ghost:x'], entities: { driver_id: [1] } },
  { service: 'ghost', entities: { driver_id: [1] } },
  { features: [3], entities: { driver_id: [1] } },
];

function outcome(ctx: OnlinePlanContext, body: unknown): unknown {
  try {
    const prepared = prepareLookup(ctx, body);
    return { keys: storeKeys(prepared), names: prepared.plan.featureNames, columns: prepared.columns, rows: prepared.rows };
  } catch (err) {
    return { error: err };
  }
}

describe('online lookup plans', () => {
  it('answers the same with a cached plan as without, and builds the keys materialization writes', () => {
    const warm = context();
    for (const body of GOOD) outcome(warm, body);
    expect(warm.plans.size).toBe(GOOD.length);
    for (const body of [...GOOD, ...ODD]) {
      const cold = outcome(context(), body);
      expect(outcome(warm, body)).toEqual(cold);
      expect(cold).not.toHaveProperty('error');
    }
    const mixed = outcome(warm, GOOD[1]) as { keys: string[]; names: string[] };
    expect(mixed.keys).toEqual([onlineKey('stats', [7]), onlineKey('stats', [8]), onlineKey('weather', ['Oslo']), onlineKey('weather', ['Rome "centro"'])]);
    expect(mixed.names).toEqual(['driver_id', 'city', 'stats:conv', 'stats:trips', 'weather:temp']);
    const composite = outcome(warm, GOOD[3]) as { keys: string[]; names: string[] };
    expect(composite.keys.slice(0, 2)).toEqual([onlineKey('routes', [1, 'Oslo']), onlineKey('routes', [-4, 'Paris'])]);
    expect(composite.names).toEqual(['driver_id', 'city', 'routes:eta', 'routes:km', 'stats:conv']);
  });

  it('gives every doubtful body the checked path’s error, cached plan or not', () => {
    const warm = context();
    for (const body of GOOD) outcome(warm, body);
    for (const body of BAD) {
      const cold = outcome(context(), body) as { error?: { code: string; message: string } };
      expect(cold.error, JSON.stringify(body)).toBeDefined();
      const hot = outcome(warm, body) as { error?: { code: string; message: string } };
      expect({ code: hot.error?.code, message: hot.error?.message }).toEqual({ code: cold.error?.code, message: cold.error?.message });
      expect(['INVALID_ARGUMENT', 'NOT_FOUND']).toContain(cold.error?.code);
    }
  });

  it('keeps a bounded number of plans per snapshot', () => {
    const ctx = context();
    for (let i = 0; i < 2_000; i++) prepareLookup(ctx, { features: ['stats:conv', ...Array.from({ length: i % 7 }, () => 'stats:trips'), `stats:${i % 2 ? 'conv' : 'trips'}`], entities: { driver_id: [i] } });
    expect(ctx.plans.size).toBeLessThanOrEqual(512);
  });
});
