/** What an apply changes: per object, create / update (with the fields that differ) / delete, and the next versions. */
import { checkDefinitions } from './feature-definitions.js';
import type { DefinitionChange, FeatureDefinitions, FeatureObjectKind } from './features.schema.js';
import type { StoredObject } from './features.store.js';

const KIND_LISTS: readonly [FeatureObjectKind, keyof FeatureDefinitions][] = [
  ['entity', 'entities'],
  ['source', 'sources'],
  ['view', 'views'],
  ['service', 'services'],
];

/** JSON with object keys sorted, so two specs compare equal however their keys were ordered. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

export function definitionsFromObjects(objects: readonly StoredObject[]): FeatureDefinitions {
  const defs: FeatureDefinitions = { entities: [], sources: [], views: [], services: [] };
  for (const [kind, list] of KIND_LISTS) (defs[list] as unknown[]).push(...objects.filter((o) => o.kind === kind).map((o) => o.spec));
  return defs;
}

export interface ApplyPlan {
  changes: DefinitionChange[];
  versions: StoredObject[];
  /** The state after the apply. */
  next: FeatureDefinitions;
}

/** `latest` holds the newest version of every object ever applied, so a re-created object continues after its deletion. */
export function planApply(current: readonly StoredObject[], proposed: FeatureDefinitions, opts: { prune: boolean; now: number; latest?: ReadonlyMap<string, number> }): ApplyPlan {
  const byKey = new Map(current.map((o) => [`${o.kind}/${o.name}`, o]));
  const next: FeatureDefinitions = { entities: [], sources: [], views: [], services: [] };
  const changes: DefinitionChange[] = [];
  const versions: StoredObject[] = [];
  for (const [kind, list] of KIND_LISTS) {
    const wanted = proposed[list] as { name: string }[];
    const wantedNames = new Set(wanted.map((o) => o.name));
    for (const spec of wanted) {
      const existing = byKey.get(`${kind}/${spec.name}`);
      (next[list] as unknown[]).push(spec);
      if (!existing) {
        const version = (opts.latest?.get(`${kind}/${spec.name}`) ?? 0) + 1;
        changes.push({ kind, name: spec.name, action: 'create', version });
        versions.push({ kind, name: spec.name, version, createdAt: opts.now, spec });
      } else if (canonicalJson(existing.spec) !== canonicalJson(spec)) {
        const fields = changedFields(existing.spec as Record<string, unknown>, spec as Record<string, unknown>);
        changes.push({ kind, name: spec.name, action: 'update', version: existing.version + 1, fields });
        versions.push({ kind, name: spec.name, version: existing.version + 1, createdAt: opts.now, spec });
      }
    }
    for (const existing of current.filter((o) => o.kind === kind && !wantedNames.has(o.name))) {
      if (opts.prune) {
        changes.push({ kind, name: existing.name, action: 'delete', version: existing.version + 1 });
        versions.push({ kind, name: existing.name, version: existing.version + 1, createdAt: opts.now, spec: null });
      } else (next[list] as unknown[]).push(existing.spec);
    }
  }
  checkDefinitions(next);
  return { changes, versions, next };
}

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => canonicalJson(before[k]) !== canonicalJson(after[k])).sort();
}
