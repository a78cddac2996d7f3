/**
 * Loads a monitor's reference as a column table: a stored dataset, the training data a registry
 * version names, a fixed window of the prediction log, or inline rows.
 */
import { AppError } from '../../core/errors.js';
import type { BlobStore } from '../../core/ports/blob-store.js';
import type { ModelVersion } from '../registry/index.js';
import { rowsToTable } from './column-data.js';
import type { MonitorReference } from './monitor.schema.js';
import type { PredictionLogReader } from './monitor.store.js';
import type { ColumnTable, TabularReader } from './monitoring.store.js';
import { decodeWindow } from './prediction-log-table.js';

const SHA256 = /^[0-9a-f]{64}$/;

export interface ReferenceDeps {
  reader: TabularReader;
  blobs?: BlobStore | undefined;
  log: PredictionLogReader;
  versions: { getVersion(name: string, version: number): Promise<ModelVersion> };
  maxRows: number;
}

/** The blob a registered version's dataset points at: its digest when that is a stored sha256, or a `blob:<sha256>` source. */
async function trainingBlob(deps: ReferenceDeps, version: ModelVersion, wanted: string | undefined): Promise<string> {
  const candidates = wanted ? version.datasets.filter((d) => d.name === wanted) : version.datasets;
  if (wanted && candidates.length === 0) throw new AppError('FAILED_PRECONDITION', `model ${version.name} version ${version.version} names no dataset '${wanted}'`);
  for (const d of candidates) {
    const fromSource = d.source.startsWith('blob:') ? d.source.slice(5) : undefined;
    for (const sha of [fromSource, d.digest.replace(/^sha256:/, '')]) {
      if (sha && SHA256.test(sha) && (await deps.blobs?.stat(sha))) return sha;
    }
  }
  throw new AppError('FAILED_PRECONDITION', `model ${version.name} version ${version.version} names no training dataset stored in Keel (a dataset whose digest or 'blob:' source is a stored sha256)`);
}

export async function loadReference(deps: ReferenceDeps, ref: MonitorReference, ctx: { deployment?: string | undefined; columnNames?: readonly string[] | undefined; columns?: readonly string[] | undefined }): Promise<ColumnTable> {
  if ('rows' in ref) return rowsToTable(ref.rows);
  if ('window' in ref) {
    if (!ctx.deployment) throw AppError.invalid('reference.window needs a deployment source');
    const rows = await deps.log.window(ctx.deployment, ref.window.from, ref.window.to, deps.maxRows);
    if (rows.length === 0) throw new AppError('FAILED_PRECONDITION', `the reference window of ${ctx.deployment} holds no predictions`);
    return decodeWindow(rows, {}, ctx.columnNames).table;
  }
  let sha: string;
  let format: 'csv' | 'parquet' | 'jsonl' | undefined;
  if ('dataset' in ref) {
    sha = ref.dataset.sha256;
    format = ref.dataset.format;
  } else {
    const version = await deps.versions.getVersion(ref.registry.model, ref.registry.version);
    sha = await trainingBlob(deps, version, ref.registry.dataset);
  }
  if (!deps.blobs || !(await deps.blobs.stat(sha))) throw AppError.notFound('dataset', sha);
  return deps.reader.read({ kind: 'blob', sha256: sha, format }, { columns: ctx.columns });
}
