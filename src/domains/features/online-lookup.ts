/** The online lookup hot path: prepare (plan + checked keys), one read of every key of every view, Feast-shaped answer. */
import type { FeatureValue, OnlineResponse, OnlineStatus } from './features.schema.js';
import { prepareLookup, storeKeys, type OnlinePlanContext } from './online-plan.js';
import type { OnlineFeatureStore } from './online-store.js';

export type OnlineLookupContext = OnlinePlanContext;

// Rows of one materialization share event times: the last one formatted is usually the next one asked for.
let lastStampMs = Number.NaN;
let lastStamp = '';
function stamp(t: number): string {
  if (t !== lastStampMs) {
    lastStamp = new Date(t).toISOString();
    lastStampMs = t;
  }
  return lastStamp;
}

export async function lookupOnline(ctx: OnlineLookupContext, store: OnlineFeatureStore, request: unknown, now: number): Promise<OnlineResponse> {
  const prepared = prepareLookup(ctx, request);
  const { plan, columns, rows } = prepared;
  const entries = await store.read(storeKeys(prepared));
  const results: OnlineResponse['results'] = [];
  for (const values of columns) {
    const statuses: OnlineStatus[] = new Array<OnlineStatus>(rows).fill('PRESENT');
    results.push({ values, statuses, event_timestamps: new Array<null>(rows).fill(null) });
  }
  let offset = 0;
  for (const v of plan.views) {
    const statuses: OnlineStatus[] = new Array<OnlineStatus>(rows);
    const stamps: (string | null)[] = new Array<string | null>(rows);
    for (let r = 0; r < rows; r++) {
      const e = entries[offset + r];
      statuses[r] = !e ? 'NOT_FOUND' : now - e.t > v.ttlMs ? 'OUTSIDE_TTL' : 'PRESENT';
      stamps[r] = e ? stamp(e.t) : null;
    }
    for (const f of v.features) {
      const values: FeatureValue[] = new Array<FeatureValue>(rows);
      for (let r = 0; r < rows; r++) values[r] = statuses[r] === 'PRESENT' ? ((entries[offset + r] as NonNullable<(typeof entries)[number]>).v[f] ?? null) : null;
      results.push({ values, statuses, event_timestamps: stamps });
    }
    offset += rows;
  }
  return { metadata: { feature_names: plan.featureNames.slice() }, results };
}
