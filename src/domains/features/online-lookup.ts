/** The online lookup hot path: validate, build every key of every view, one read, Feast-shaped answer. */
import { parseInput } from '../../core/validation.js';
import { entityColumns } from './entity-keys.js';
import { resolveFeatureRefs, serviceRefs } from './feature-definitions.js';
import { onlineRequestSchema, type Entity, type FeatureService, type FeatureValue, type FeatureView, type OnlineResponse, type OnlineStatus } from './features.schema.js';
import { onlineKey, type OnlineFeatureStore } from './online-store.js';

export interface OnlineLookupContext {
  entities: Map<string, Entity>;
  views: Map<string, FeatureView>;
  services: Map<string, FeatureService>;
  ttlMs: Map<string, number>;
}

export async function lookupOnline(ctx: OnlineLookupContext, store: OnlineFeatureStore, request: unknown, now: number): Promise<OnlineResponse> {
  const req = parseInput(onlineRequestSchema, request, 'body');
  const refs = req.service !== undefined ? serviceRefs(ctx.services, req.service) : (req.features as string[]);
  const grouped = [...resolveFeatureRefs(refs, ctx.views, req.service !== undefined ? `service ${req.service}.features` : 'features').values()];
  const entities = grouped.map((g) => ctx.entities.get(g.view.entity) as Entity);
  const { rows, keys } = entityColumns(req.entities, entities, grouped.map((g) => g.view.name));
  const storeKeys: string[] = [];
  grouped.forEach((g, gi) => {
    const joinKeys = (entities[gi] as Entity).joinKeys.map((k) => keys.get(k.name) as (number | string)[]);
    for (let r = 0; r < rows; r++) storeKeys.push(onlineKey(g.view.name, joinKeys.map((col) => col[r] as number | string)));
  });
  const entries = await store.read(storeKeys);
  // Rows of one materialization share event times: format each once.
  const iso = new Map<number, string>();
  const stamp = (t: number): string => {
    let text = iso.get(t);
    if (text === undefined) iso.set(t, (text = new Date(t).toISOString()));
    return text;
  };
  const featureNames: string[] = [...keys.keys()];
  const results: OnlineResponse['results'] = [...keys.values()].map((values) => ({ values, statuses: values.map(() => 'PRESENT' as const), event_timestamps: values.map(() => null) }));
  grouped.forEach((g, gi) => {
    const ttl = ctx.ttlMs.get(g.view.name) as number;
    const offset = gi * rows;
    const statuses: OnlineStatus[] = [];
    const stamps: (string | null)[] = [];
    for (let r = 0; r < rows; r++) {
      const e = entries[offset + r];
      statuses.push(!e ? 'NOT_FOUND' : now - e.t > ttl ? 'OUTSIDE_TTL' : 'PRESENT');
      stamps.push(e ? stamp(e.t) : null);
    }
    for (const f of g.features) {
      featureNames.push(`${g.view.name}:${f}`);
      const values: FeatureValue[] = [];
      for (let r = 0; r < rows; r++) values.push(statuses[r] === 'PRESENT' ? (entries[offset + r]?.v[f] ?? null) : null);
      results.push({ values, statuses, event_timestamps: stamps });
    }
  });
  return { metadata: { feature_names: featureNames }, results };
}
