import { describe, expect, it } from 'vitest';
import { planApply } from './definitions-diff.js';
import { parseDefinitionsText } from './feature-definitions.js';
import type { StoredObject } from './features.store.js';

const entity = { name: 'driver', joinKeys: [{ name: 'driver_id', type: 'int64' as const }] };
const source = { kind: 'file' as const, name: 'stats', path: '/data/s.parquet', timestampField: 'ts' };
const view = { name: 'v', entity: 'driver', source: 'stats', ttl: '1d', features: [{ name: 'x', type: 'float64' as const }] };
const stored = (kind: StoredObject['kind'], spec: { name: string }, version = 1): StoredObject => ({ kind, name: spec.name, version, createdAt: 0, spec });

describe('planApply', () => {
  const current = [stored('entity', entity), stored('source', source), stored('view', view, 3)];

  it('sees no change when only the key order differs', () => {
    const reordered = { features: view.features, ttl: '1d', source: 'stats', entity: 'driver', name: 'v' };
    expect(planApply(current, { entities: [entity], sources: [source], views: [reordered], services: [] }, { prune: false, now: 1 }).changes).toEqual([]);
  });

  it('names the fields of an update and versions it after the stored one', () => {
    const plan = planApply(current, { entities: [], sources: [], views: [{ ...view, ttl: '2d', owner: 'ana' }], services: [] }, { prune: false, now: 5 });
    expect(plan.changes).toEqual([{ kind: 'view', name: 'v', action: 'update', version: 4, fields: ['owner', 'ttl'] }]);
    expect(plan.versions[0]).toMatchObject({ version: 4, createdAt: 5 });
  });

  it('keeps objects left out unless pruning, and refuses a prune that strands a reference', () => {
    expect(planApply(current, { entities: [], sources: [], views: [], services: [] }, { prune: false, now: 1 }).changes).toEqual([]);
    expect(() => planApply(current, { entities: [], sources: [source], views: [view], services: [] }, { prune: true, now: 1 })).toThrow("definitions.views.0.entity: unknown entity 'driver'");
    const pruned = planApply(current, { entities: [entity], sources: [source], views: [], services: [] }, { prune: true, now: 1 });
    expect(pruned.changes).toEqual([{ kind: 'view', name: 'v', action: 'delete', version: 4 }]);
    expect(pruned.versions[0]?.spec).toBeNull();
  });

  it('refuses services that name unknown features', () => {
    expect(() => planApply(current, { entities: [], sources: [], views: [], services: [{ name: 's', features: ['v:y'] }] }, { prune: false, now: 1 })).toThrow("unknown feature 'y' in view 'v'");
  });
});

describe('parseDefinitionsText', () => {
  it('reads YAML and JSON, and names the file and field of a mistake', () => {
    expect(parseDefinitionsText('entities:\n  - name: driver\n    joinKeys: [{ name: driver_id, type: int64 }]\n').entities).toEqual([entity]);
    expect(parseDefinitionsText(JSON.stringify({ views: [view] })).views).toEqual([view]);
    expect(() => parseDefinitionsText('views: [{ name: v, entity: d, source: s, ttl: 1d, features: [{ name: x, type: decimal }] }]', 'f.yaml')).toThrow(/^f\.yaml\.views\.0\.features\.0\.type/);
    expect(() => parseDefinitionsText('{"views": [', 'f.json')).toThrow(/f\.json is not valid JSON or YAML/);
    expect(() => parseDefinitionsText('- a\n- b', 'f.yaml')).toThrow('f.yaml must hold an object');
  });
});
