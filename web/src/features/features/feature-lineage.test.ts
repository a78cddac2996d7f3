import { describe, expect, it } from 'vitest';
import type { FeatureRegistryView } from '../../../../src/sdk/index.js';
import { joinKeysFor, parseKeyList, viewLineage } from './feature-lineage.js';

const reg: FeatureRegistryView = {
  entities: [{ version: 1, createdAt: 0, spec: { name: 'driver', joinKeys: [{ name: 'driver_id', type: 'int64' }] } }],
  sources: [{ version: 1, createdAt: 0, spec: { kind: 'dataset', name: 'trips', dataset: 'trips', version: '3', timestampField: 'ts' } }],
  views: [{ version: 2, createdAt: 0, spec: { name: 'stats', entity: 'driver', source: 'trips', ttl: '1d', features: [{ name: 'x', type: 'int64' }] } }],
  services: [{ version: 1, createdAt: 0, spec: { name: 'model', features: ['stats:*'] } }],
};

describe('feature lineage', () => {
  it('links a view to its source, entity and services', () => {
    expect(viewLineage(reg)).toEqual([{ view: 'stats', source: 'dataset trips@3', entity: 'driver', joinKeys: ['driver_id'], services: ['model'] }]);
  });

  it('finds the join keys of a lookup and parses typed key lists', () => {
    expect(joinKeysFor(reg, ['stats:x'])).toEqual([{ name: 'driver_id', type: 'int64' }]);
    expect(joinKeysFor(reg, ['ghost:x'])).toEqual([]);
    expect(parseKeyList(' 1, 2,,x', 'int64')).toEqual([1, 2, 'x']);
    expect(parseKeyList('7,a', 'string')).toEqual(['7', 'a']);
  });
});
