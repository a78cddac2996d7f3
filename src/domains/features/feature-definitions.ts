/** Parsing and checking feature definitions: one place, used by the CLI, REST and the SDK's apply. */
import { parse as parseYaml } from 'yaml';
import { AppError, type FieldViolation } from '../../core/errors.js';
import { parseInput } from '../../core/validation.js';
import { featureDefinitionsSchema, type Duration, type FeatureDefinitions, type FeatureService, type FeatureView } from './features.schema.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function durationMs(d: Duration): number {
  if (typeof d === 'number') return d * 1_000;
  const match = /^(\d+)(ms|s|m|h|d|w)$/.exec(d);
  if (!match) throw AppError.invalid(`not a duration: ${d}`);
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

/**
 * Text of a definitions file: JSON or YAML (JSON is YAML, but JSON errors read better from JSON.parse).
 * Only the shape is checked here: references may name objects the server already has.
 */
export function parseDefinitionsText(text: string, fileName = 'definitions'): FeatureDefinitions {
  let raw: unknown;
  try {
    raw = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw AppError.invalid(`${fileName} is not valid JSON or YAML: ${(err as Error).message.split('\n')[0]}`, [{ path: fileName, message: 'not valid JSON or YAML' }]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw AppError.invalid(`${fileName} must hold an object with entities, sources, views and services`, [{ path: fileName, message: 'must be an object' }]);
  return parseInput(featureDefinitionsSchema, raw, fileName);
}

/** Cross-references: names unique per kind, views point at existing entities and sources, services at existing features. */
export function checkDefinitions(defs: FeatureDefinitions, where = 'definitions'): FeatureDefinitions {
  const problems: FieldViolation[] = [];
  const unique = (kind: 'entities' | 'sources' | 'views' | 'services', names: string[]): Set<string> => {
    const seen = new Set<string>();
    names.forEach((n, i) => {
      if (seen.has(n)) problems.push({ path: `${where}.${kind}.${i}.name`, message: `duplicate name '${n}'` });
      seen.add(n);
    });
    return seen;
  };
  const entities = new Map(defs.entities.map((e) => [e.name, e]));
  unique('entities', defs.entities.map((e) => e.name));
  const sources = new Map(defs.sources.map((s) => [s.name, s]));
  unique('sources', defs.sources.map((s) => s.name));
  unique('views', defs.views.map((v) => v.name));
  unique('services', defs.services.map((s) => s.name));
  defs.views.forEach((v, i) => {
    const entity = entities.get(v.entity);
    if (!entity) problems.push({ path: `${where}.views.${i}.entity`, message: `unknown entity '${v.entity}'` });
    const source = sources.get(v.source);
    if (!source) problems.push({ path: `${where}.views.${i}.source`, message: `unknown source '${v.source}'` });
    const reserved = new Set([...(entity?.joinKeys.map((k) => k.name) ?? []), source?.timestampField, source?.createdTimestampField]);
    const names = new Set<string>();
    v.features.forEach((f, j) => {
      if (names.has(f.name)) problems.push({ path: `${where}.views.${i}.features.${j}.name`, message: `duplicate feature '${f.name}'` });
      if (reserved.has(f.name)) problems.push({ path: `${where}.views.${i}.features.${j}.name`, message: `'${f.name}' is a join key or timestamp column, not a feature` });
      names.add(f.name);
    });
  });
  const views = new Map(defs.views.map((v) => [v.name, v]));
  defs.services.forEach((s, i) => {
    s.features.forEach((ref, j) => {
      const problem = refProblem(ref, views);
      if (problem) problems.push({ path: `${where}.services.${i}.features.${j}`, message: problem });
    });
  });
  const first = problems[0];
  if (first) throw AppError.invalid(`${first.path}: ${first.message}`, problems);
  return defs;
}

function refProblem(ref: string, views: ReadonlyMap<string, FeatureView>): string | null {
  const [viewName, feature, extra] = ref.split(':');
  if (!viewName || !feature || extra !== undefined) return `'${ref}' must be view:feature or view:*`;
  const view = views.get(viewName);
  if (!view) return `unknown feature view '${viewName}' in '${ref}'`;
  if (feature !== '*' && !view.features.some((f) => f.name === feature)) return `unknown feature '${feature}' in view '${viewName}'`;
  return null;
}

export interface FeatureRef {
  view: FeatureView;
  feature: string;
}

/**
 * Expands `view:feature` / `view:*` references (or a service's) into features grouped by view,
 * in request order; unknown names are INVALID_ARGUMENT naming them.
 */
export function resolveFeatureRefs(refs: readonly string[], views: ReadonlyMap<string, FeatureView>, field = 'features'): Map<string, { view: FeatureView; features: string[] }> {
  const grouped = new Map<string, { view: FeatureView; features: string[] }>();
  refs.forEach((ref, i) => {
    const problem = refProblem(ref, views);
    if (problem) throw AppError.invalid(`${field}.${i}: ${problem}`, [{ path: `${field}.${i}`, message: problem }]);
    const [viewName, feature] = ref.split(':') as [string, string];
    const view = views.get(viewName) as FeatureView;
    const entry = grouped.get(viewName) ?? { view, features: [] };
    for (const f of feature === '*' ? view.features.map((x) => x.name) : [feature]) if (!entry.features.includes(f)) entry.features.push(f);
    grouped.set(viewName, entry);
  });
  return grouped;
}

export function serviceRefs(services: ReadonlyMap<string, FeatureService>, name: string, field = 'service'): string[] {
  const service = services.get(name);
  if (!service) throw new AppError('NOT_FOUND', `${field}: unknown feature service '${name}'`, { details: { resource: 'feature service', id: name, fields: [{ path: field, message: `unknown feature service '${name}'` }] } });
  return service.features;
}
