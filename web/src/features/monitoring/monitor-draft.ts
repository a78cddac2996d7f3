// The "New monitor" form's state as typed, and the create request it becomes. Numbers go to the
// server as typed (an empty box becomes null): its 400 then names the field, shown beside it.
import type { CreateMonitorInput, Deployment, DriftTestChoice, DriftTestName } from '../../../../src/sdk/index.js';

export type SourceKind = 'deployment' | 'dataset';
export type ReferenceKind = 'registry' | 'window' | 'dataset';
export type WindowKind = 'hourly' | 'daily' | 'seconds' | 'predictions';
export type DatasetFormat = '' | 'csv' | 'parquet' | 'jsonl';

/** Mirrors the server's defaults (test-choice.ts), so the prefilled values change nothing until edited. */
export const DEFAULT_THRESHOLDS: Readonly<Record<DriftTestName, string>> = { ks: '0.05', chi2: '0.05', z: '0.05', psi: '0.2', wasserstein: '0.1', js: '0.1' };
export const DEFAULT_DRIFT_SHARE = '0.5';
export const DEFAULT_TOLERANCE = '0.05';
const DAY_MS = 86_400_000;

export interface MonitorDraft {
  name: string;
  sourceKind: SourceKind;
  deployment: string;
  sourceSha: string;
  sourceFormat: DatasetFormat;
  referenceKind: ReferenceKind;
  refModel: string;
  refVersion: string;
  /** The registered version's dataset name; empty: the first one stored in Keel. */
  refDataset: string;
  /** `datetime-local` values, in the browser's time zone. */
  refFrom: string;
  refTo: string;
  refSha: string;
  refFormat: DatasetFormat;
  windowKind: WindowKind;
  windowValue: string;
  test: DriftTestChoice;
  thresholds: Record<DriftTestName, string>;
  driftShare: string;
  tolerance: string;
  /** Comma-separated; empty: every column the reference and the window share. */
  columns: string;
  description: string;
  enabled: boolean;
}

/** A `datetime-local` value for an instant, in local time. */
export function localDateTime(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function emptyDraft(now: number): MonitorDraft {
  return {
    name: '',
    sourceKind: 'deployment',
    deployment: '',
    sourceSha: '',
    sourceFormat: '',
    referenceKind: 'registry',
    refModel: '',
    refVersion: '',
    refDataset: '',
    refFrom: localDateTime(now - 7 * DAY_MS),
    refTo: localDateTime(now),
    refSha: '',
    refFormat: '',
    windowKind: 'daily',
    windowValue: '3600',
    test: 'auto',
    thresholds: { ...DEFAULT_THRESHOLDS },
    driftShare: DEFAULT_DRIFT_SHARE,
    tolerance: DEFAULT_TOLERANCE,
    columns: '',
    description: '',
    enabled: true,
  };
}

/** The model version a deployment serves (its primary arm, else its first): the default reference. */
export function servedVersion(deployment: Deployment | undefined): { model: string; version: string } {
  const arms = deployment?.config.arms ?? [];
  const arm = arms.find((a) => a.name === 'primary') ?? arms[0];
  return arm ? { model: arm.model, version: String(arm.version) } : { model: '', version: '' };
}

/** Watching a deployment: its name, and its served version as the training-data reference. */
export function withDeployment(draft: MonitorDraft, deployment: Deployment | undefined): MonitorDraft {
  const served = servedVersion(deployment);
  return { ...draft, deployment: deployment?.name ?? '', refModel: served.model, refVersion: served.version };
}

/** What a stored dataset can be paired with: a log window and count windows need a deployment. */
export function referenceKinds(source: SourceKind): ReferenceKind[] {
  return source === 'deployment' ? ['registry', 'window', 'dataset'] : ['registry', 'dataset'];
}

export function windowKinds(source: SourceKind): WindowKind[] {
  return source === 'deployment' ? ['hourly', 'daily', 'seconds', 'predictions'] : ['hourly', 'daily', 'seconds'];
}

/** Switching what is watched keeps the reference and window when they still fit it (a model version only once one is known). */
export function withSourceKind(draft: MonitorDraft, sourceKind: SourceKind): MonitorDraft {
  const fits = referenceKinds(sourceKind).includes(draft.referenceKind) && !(draft.referenceKind === 'registry' && draft.refModel === '');
  return {
    ...draft,
    sourceKind,
    referenceKind: fits ? draft.referenceKind : 'dataset',
    windowKind: windowKinds(sourceKind).includes(draft.windowKind) ? draft.windowKind : 'daily',
  };
}

function num(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

function time(local: string): number {
  return local === '' ? Number.NaN : new Date(local).getTime();
}

function dataset(sha: string, format: DatasetFormat): { sha256: string; format?: Exclude<DatasetFormat, ''> } {
  return format === '' ? { sha256: sha.trim() } : { sha256: sha.trim(), format };
}

function windowOf(d: MonitorDraft): CreateMonitorInput['window'] {
  if (d.windowKind === 'hourly' || d.windowKind === 'daily') return { every: d.windowKind };
  return d.windowKind === 'seconds' ? { seconds: num(d.windowValue) } : { predictions: num(d.windowValue) };
}

function referenceOf(d: MonitorDraft): CreateMonitorInput['reference'] {
  if (d.referenceKind === 'window') return { window: { from: time(d.refFrom), to: time(d.refTo) } };
  if (d.referenceKind === 'dataset') return { dataset: dataset(d.refSha, d.refFormat) };
  const name = d.refDataset.trim();
  return { registry: { model: d.refModel.trim(), version: num(d.refVersion), ...(name ? { dataset: name } : {}) } };
}

/** Only what differs from the server's defaults, so a monitor made with defaults stores none. */
function optionsOf(d: MonitorDraft): CreateMonitorInput['options'] {
  const changed = (Object.keys(DEFAULT_THRESHOLDS) as DriftTestName[]).filter((t) => d.thresholds[t].trim() !== DEFAULT_THRESHOLDS[t]);
  const options: NonNullable<CreateMonitorInput['options']> = {};
  if (changed.length > 0) options.thresholds = Object.fromEntries(changed.map((t) => [t, num(d.thresholds[t])]));
  if (d.driftShare.trim() !== DEFAULT_DRIFT_SHARE) options.driftShare = num(d.driftShare);
  return Object.keys(options).length > 0 ? options : undefined;
}

export function createInputOf(d: MonitorDraft): CreateMonitorInput {
  const columns = d.columns
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const options = optionsOf(d);
  const description = d.description.trim();
  return {
    name: d.name.trim(),
    source: d.sourceKind === 'deployment' ? { deployment: d.deployment } : { dataset: dataset(d.sourceSha, d.sourceFormat) },
    reference: referenceOf(d),
    window: windowOf(d),
    ...(columns.length > 0 ? { columns } : {}),
    ...(d.test !== 'auto' ? { test: d.test } : {}),
    ...(options ? { options } : {}),
    ...(d.tolerance.trim() !== DEFAULT_TOLERANCE ? { performance: { tolerance: num(d.tolerance) } } : {}),
    ...(description ? { description } : {}),
    enabled: d.enabled,
  };
}
