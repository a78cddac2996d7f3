/**
 * Use cases of drift detection: compare two datasets given as inline rows, stored blobs
 * (uploads or any artifact, by sha256) or local files, and upload a dataset for later use.
 */
import { AppError } from '../../core/errors.js';
import type { BlobSource, BlobStore } from '../../core/ports/blob-store.js';
import { rowsToTable } from './column-data.js';
import { computeDriftReport, DEFAULT_DRIFT_SETTINGS, type DriftResult, type DriftSettings } from './drift-report.js';
import type { DatasetRef, DriftOptions, DriftRequest, DriftTestChoice, UploadedDataset } from './monitoring.schema.js';
import type { ColumnTable, TabularReader, TabularSource } from './monitoring.store.js';
import { DEFAULT_THRESHOLDS } from './test-choice.js';

export interface DriftQuery {
  columns?: readonly string[] | undefined;
  test?: DriftTestChoice | undefined;
  options?: DriftOptions | undefined;
}

export function driftSettings(test: DriftTestChoice | undefined, options: DriftOptions = {}): DriftSettings {
  return {
    test: test ?? 'auto',
    thresholds: { ...DEFAULT_THRESHOLDS, ...options.thresholds },
    perColumn: options.perColumn ?? {},
    driftShare: options.driftShare ?? DEFAULT_DRIFT_SETTINGS.driftShare,
    fdr: options.fdr ?? false,
    psiBins: options.psiBins ?? DEFAULT_DRIFT_SETTINGS.psiBins,
  };
}

export class MonitoringService {
  /** Without `blobs` (the local CLI) only files and inline rows can be compared. */
  constructor(private readonly deps: { reader: TabularReader; blobs?: BlobStore | undefined }) {}

  private get blobs(): BlobStore {
    if (!this.deps.blobs) throw new AppError('FAILED_PRECONDITION', 'no artifact store: stored datasets are not available here');
    return this.deps.blobs;
  }

  /** Stores a dataset file (CSV, Parquet or JSON lines) for drift requests to reference by sha256. */
  async uploadDataset(source: BlobSource): Promise<UploadedDataset> {
    const info = await this.blobs.put(source);
    if (info.size === 0) throw AppError.invalid('the uploaded dataset is empty');
    return { sha256: info.sha256, size: info.size };
  }

  /** The REST use case: datasets by sha256 or inline rows. */
  async drift(request: DriftRequest): Promise<DriftResult> {
    const query: DriftQuery = { columns: request.columns, test: request.test, options: request.options };
    const [reference, current] = await Promise.all([this.load(request.reference, query.columns), this.load(request.current, query.columns)]);
    return this.compare(reference, current, query);
  }

  /** The CLI use case: two local files (or blobs). */
  async driftFromSources(reference: TabularSource, current: TabularSource, query: DriftQuery = {}): Promise<DriftResult> {
    const opts = { columns: query.columns };
    const [ref, cur] = await Promise.all([this.deps.reader.read(reference, opts), this.deps.reader.read(current, opts)]);
    return this.compare(ref, cur, query);
  }

  private async load(ref: DatasetRef, columns: readonly string[] | undefined): Promise<ColumnTable> {
    if ('rows' in ref) return rowsToTable(ref.rows);
    if (!(await this.blobs.stat(ref.sha256))) throw AppError.notFound('dataset', ref.sha256);
    return this.deps.reader.read({ kind: 'blob', sha256: ref.sha256, format: ref.format }, { columns });
  }

  private compare(reference: ColumnTable, current: ColumnTable, query: DriftQuery): DriftResult {
    if (reference.rowCount === 0) throw AppError.invalid('reference dataset has no rows');
    if (current.rowCount === 0) throw AppError.invalid('current dataset has no rows');
    const columns = query.columns ? [...new Set(query.columns)] : reference.columns.map((c) => c.name);
    if (columns.length === 0) throw AppError.invalid('reference dataset has no columns');
    const refNames = new Set(reference.columns.map((c) => c.name));
    const curNames = new Set(current.columns.map((c) => c.name));
    const missingRef = columns.filter((c) => !refNames.has(c));
    const missingCur = columns.filter((c) => !curNames.has(c));
    if (missingRef.length > 0 || missingCur.length > 0) {
      const parts = [missingRef.length ? `reference lacks ${missingRef.join(', ')}` : '', missingCur.length ? `current lacks ${missingCur.join(', ')}` : ''].filter(Boolean);
      throw new AppError('INVALID_ARGUMENT', `missing columns: ${parts.join('; ')}`, { details: { missingInReference: missingRef, missingInCurrent: missingCur } });
    }
    const unknownOverrides = Object.keys(query.options?.perColumn ?? {}).filter((c) => !columns.includes(c));
    if (unknownOverrides.length > 0) throw AppError.invalid(`options.perColumn names columns not in the report: ${unknownOverrides.join(', ')}`);
    return computeDriftReport(reference, current, columns, driftSettings(query.test, query.options));
  }
}
