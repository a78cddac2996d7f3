// Places the server's answer to a create beside the field it is about: a 400 names field paths
// (`body.window.seconds`), a 404 or 409 names the resource (deployment, model version, monitor).
import { AppError, type DriftTestName } from '../../../../src/sdk/index.js';

export type FieldKey = 'name' | 'source' | 'reference' | 'refModel' | 'refVersion' | 'refDatasetName' | 'refWindow' | 'refDataset' | 'window' | 'columns' | 'test' | `threshold:${DriftTestName}` | 'driftShare' | 'tolerance' | 'description';

/** Field → message; `form` holds what belongs to no one field. */
export type FormErrors = Partial<Record<FieldKey | 'form', string>>;

// Longest prefix first: the first match wins.
const PATHS: readonly (readonly [string, FieldKey])[] = [
  ['name', 'name'],
  ['source', 'source'],
  ['reference.registry.model', 'refModel'],
  ['reference.registry.version', 'refVersion'],
  ['reference.registry.dataset', 'refDatasetName'],
  ['reference.registry', 'refModel'],
  ['reference.window', 'refWindow'],
  ['reference.dataset', 'refDataset'],
  ['reference', 'reference'],
  ['window', 'window'],
  ['columns', 'columns'],
  ['test', 'test'],
  ['options.driftShare', 'driftShare'],
  ['performance', 'tolerance'],
  ['description', 'description'],
];

/** The form field a server path (`body.window.seconds`) is about, if any. */
export function fieldOfPath(path: string): FieldKey | undefined {
  const p = path.replace(/^body\.?/, '');
  const threshold = /^options\.thresholds\.(ks|chi2|z|psi|wasserstein|js)$/.exec(p)?.[1] as DriftTestName | undefined;
  if (threshold) return `threshold:${threshold}`;
  return PATHS.find(([prefix]) => p === prefix || p.startsWith(`${prefix}.`))?.[1];
}

function resourceField(error: AppError, sourceSha: string | undefined): FieldKey | undefined {
  const resource = error.details?.['resource'];
  if (resource === 'monitor') return 'name';
  if (resource === 'deployment') return 'source';
  if (resource === 'registered model') return 'refModel';
  if (resource === 'model version') return 'refVersion';
  if (resource === 'dataset') return error.details?.['id'] === sourceSha ? 'source' : 'refDataset';
  return undefined;
}

/** What to show where, for a failed create; `sourceSha` tells a missing watched dataset from a missing reference. */
export function formErrors(error: unknown, sourceSha?: string): FormErrors {
  if (!(error instanceof AppError)) return { form: error instanceof Error ? error.message : String(error) };
  const out: FormErrors = {};
  const fields = error.details?.fields;
  if (Array.isArray(fields) && fields.length > 0) {
    for (const f of fields) {
      const key = fieldOfPath(f.path);
      if (key) out[key] ??= f.message;
      else out.form ??= `${f.path}: ${f.message}`;
    }
    return out;
  }
  const key = resourceField(error, sourceSha) ?? 'form';
  return { [key]: error.message };
}
