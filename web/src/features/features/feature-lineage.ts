import type { FeatureRegistryView, FeatureSource } from '../../../../src/sdk/index.js';

/** Where a source's rows come from, in words: a file path, a dataset version or a table. */
export function describeSource(source: FeatureSource | undefined): string {
  if (!source) return 'missing source';
  if (source.kind === 'file') return `file ${source.path}`;
  if (source.kind === 'dataset') return `dataset ${source.dataset}@${source.version ?? 'latest'}`;
  return `PostgreSQL table ${source.table}`;
}

export interface ViewLineage {
  view: string;
  source: string;
  entity: string;
  joinKeys: string[];
  services: string[];
}

/** Per view: the source it reads, the entity it keys on, and the services that use it. */
export function viewLineage(reg: FeatureRegistryView): ViewLineage[] {
  const sources = new Map(reg.sources.map((s) => [s.spec.name, s.spec]));
  const entities = new Map(reg.entities.map((e) => [e.spec.name, e.spec]));
  return reg.views.map(({ spec }) => ({
    view: spec.name,
    source: describeSource(sources.get(spec.source)),
    entity: spec.entity,
    joinKeys: entities.get(spec.entity)?.joinKeys.map((k) => k.name) ?? [],
    services: reg.services.filter((s) => s.spec.features.some((f) => f.split(':')[0] === spec.name)).map((s) => s.spec.name),
  }));
}

/** The join keys a lookup of these `view:feature` refs needs, in first-use order. */
export function joinKeysFor(reg: FeatureRegistryView, refs: readonly string[]): { name: string; type: 'int64' | 'string' }[] {
  const views = new Map(reg.views.map((v) => [v.spec.name, v.spec]));
  const entities = new Map(reg.entities.map((e) => [e.spec.name, e.spec]));
  const keys = new Map<string, { name: string; type: 'int64' | 'string' }>();
  for (const ref of refs) {
    const view = views.get(ref.split(':')[0] ?? '');
    for (const k of (view && entities.get(view.entity)?.joinKeys) || []) if (!keys.has(k.name)) keys.set(k.name, k);
  }
  return [...keys.values()];
}

/** `1, 2,3` → [1, 2, 3] for int64 keys; text keys stay text. */
export function parseKeyList(text: string, type: 'int64' | 'string'): (number | string)[] {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  return type === 'int64' ? parts.map((p) => (/^-?\d+$/.test(p) ? Number(p) : p)) : parts;
}
