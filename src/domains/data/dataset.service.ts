/**
 * Use cases of datasets and versions: files are uploaded one by one into the content-addressed
 * blob store (streamed; a file any version already holds is not sent or stored again), then a
 * version is committed from their sha256s: profiled by the engine, numbered, kept immutable.
 * Other domains read versions through `resolve` (blob keys) or `open` (local files).
 */
import type { Readable } from 'node:stream';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { BlobInfo, BlobSource, BlobStore } from '../../core/ports/blob-store.js';
import { parseInput } from '../../core/validation.js';
import {
  createVersionSchema,
  datasetNameSchema,
  linkRunSchema,
  versionSelectorSchema,
  type CreateVersionInput,
  type CreateVersionResult,
  type Dataset,
  type DatasetDiff,
  type DatasetFile,
  type DatasetLineage,
  type DatasetVersion,
  type LinkRunInput,
  type QualityReport,
  type ResolvedDataset,
} from './data.schema.js';
import type { DatasetEngine, DatasetStore, MaterializedDataset } from './data.store.js';
import { diffVersions } from './dataset-diff.js';
import { manifestDigest, versionFormat } from './manifest.js';
import { runQualitySuite } from './quality-run.js';
import { parseQualitySuite } from './quality-suite.js';
import { parseVersionRef } from './version-ref.js';

/** Who acts (an API key id, or `anonymous` when auth is off). */
export interface DataActor {
  id: string;
}

/** Tracking, seen from here: does a run exist, and record the dataset among its inputs. */
export interface RunDirectory {
  runExists(runId: string): Promise<boolean>;
  recordInput(runId: string, input: { name: string; digest: string; source: string; context: string }): Promise<void>;
}

/** The registry, seen from here: the model versions trained by these runs. */
export interface ModelVersionDirectory {
  versionsFromRuns(runIds: readonly string[]): Promise<{ name: string; version: number; runId: string }[]>;
}

export interface DatasetServiceDeps {
  store: DatasetStore;
  engine: DatasetEngine;
  blobs: BlobStore;
  clock: Clock;
  runs?: RunDirectory | undefined;
  models?: ModelVersionDirectory | undefined;
}

export type OpenedDataset = ResolvedDataset & MaterializedDataset;

const STAT_CONCURRENCY = 16;

export class DatasetService {
  constructor(private readonly deps: DatasetServiceDeps) {}

  /** Streams one file into the blob store; the same bytes twice are stored once. */
  async uploadFile(source: BlobSource): Promise<BlobInfo> {
    const info = await this.deps.blobs.put(source);
    if (info.size === 0) throw AppError.invalid('the uploaded file is empty');
    return info;
  }

  /** Which of these blobs the store lacks: a client uploads only those. */
  async missingBlobs(sha256s: readonly string[]): Promise<string[]> {
    const unique = [...new Set(sha256s)];
    const missing = new Set<string>();
    // Bounded: on S3 each stat is a HEAD request, and a folder may hold thousands of files.
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < unique.length; i = next++) if ((await this.deps.blobs.stat(unique[i] as string)) === null) missing.add(unique[i] as string);
    };
    await Promise.all(Array.from({ length: Math.min(STAT_CONCURRENCY, unique.length) }, worker));
    return unique.filter((s) => missing.has(s));
  }

  /** Commits a version from uploaded files; the same content as an existing version returns that version. */
  async createVersion(name: string, input: CreateVersionInput, actor: DataActor): Promise<CreateVersionResult> {
    const datasetName = parseInput(datasetNameSchema, name, 'name');
    const body = parseInput(createVersionSchema, input, 'body');
    const format = versionFormat(
      body.files.map((f) => f.path),
      body.format,
    );
    const files: DatasetFile[] = [];
    for (const [i, f] of body.files.entries()) {
      const info = await this.deps.blobs.stat(f.sha256);
      if (!info) throw new AppError('INVALID_ARGUMENT', `body.files.${i}.sha256: no uploaded file ${f.sha256} (upload it first)`, { details: { fields: [{ path: `body.files.${i}.sha256`, message: 'not uploaded' }] } });
      files.push({ path: f.path, sha256: f.sha256, size: info.size });
    }
    files.sort((a, b) => (a.path < b.path ? -1 : 1));
    const digest = manifestDigest(files);
    const existing = await this.deps.store.getDataset(datasetName);
    if (existing) {
      const same = (await this.deps.store.findVersionsByDigest(existing.id, digest))[0];
      if (same) return { version: same, created: false, reusedFiles: files.length };
    }
    const references = await this.deps.store.countFileReferences(files.map((f) => f.sha256));
    const reusedFiles = files.filter((f) => (references.get(f.sha256) ?? 0) > 0).length;
    const local = await this.deps.engine.materialize(files, format);
    let profiled;
    try {
      profiled = await this.deps.engine.profile(local);
    } finally {
      await local.close();
    }
    const now = this.deps.clock.now();
    const result = await this.deps.store.addVersion(
      { id: newId(), name: datasetName, description: body.description ?? '', createdBy: actor.id, createdAt: now },
      {
        id: newId(),
        digest,
        format,
        files,
        size: files.reduce((s, f) => s + f.size, 0),
        rowCount: profiled.profile.rowCount,
        schema: profiled.schema,
        profile: profiled.profile,
        message: body.message ?? '',
        source: body.source ?? '',
        createdBy: actor.id,
        createdAt: now,
      },
    );
    return { ...result, reusedFiles };
  }

  listDatasets(): Promise<Dataset[]> {
    return this.deps.store.listDatasets();
  }

  async getDataset(name: string): Promise<Dataset> {
    const parsed = parseInput(datasetNameSchema, name, 'name');
    const dataset = await this.deps.store.getDataset(parsed);
    if (!dataset) throw AppError.notFound('dataset', parsed);
    return dataset;
  }

  async listVersions(name: string): Promise<DatasetVersion[]> {
    return this.deps.store.listVersions((await this.getDataset(name)).id);
  }

  /** `selector`: a number (`3`, `v3`), `latest` (or absent), or a digest prefix of ≥ 6 hex characters. */
  async getVersion(name: string, selector?: string | number): Promise<DatasetVersion> {
    const dataset = await this.getDataset(name);
    const raw = selector === undefined ? 'latest' : String(selector);
    const sel = parseInput(versionSelectorSchema, raw, 'version');
    const what = `version ${dataset.name}@${sel}`;
    if (sel === 'latest') {
      if (dataset.latestVersion === null) throw new AppError('NOT_FOUND', `dataset ${dataset.name} has no versions`);
      return this.found(await this.deps.store.getVersion(dataset.id, dataset.latestVersion), what);
    }
    const number = /^v?(\d{1,9})$/.exec(sel);
    // Six or more digits could be a digest prefix too: a version number wins when it exists.
    if (number) {
      const byNumber = await this.deps.store.getVersion(dataset.id, Number(number[1]));
      if (byNumber || sel.length < 6 || sel.startsWith('v')) return this.found(byNumber, what);
    }
    const matches = await this.deps.store.findVersionsByDigest(dataset.id, sel);
    if (matches.length > 1) throw AppError.invalid(`version: digest prefix ${sel} matches ${matches.length} versions of ${dataset.name}; give more characters`, [{ path: 'version', message: 'ambiguous digest prefix' }]);
    return this.found(matches[0] ?? null, what);
  }

  /** The resolver other domains use: blob keys and format of a version (the latest when absent). */
  async resolve(name: string, version?: string | number): Promise<ResolvedDataset> {
    const v = await this.getVersion(name, version);
    return { dataset: v.dataset, versionId: v.id, version: v.version, digest: v.digest, format: v.format, files: v.files, schema: v.schema, rowCount: v.rowCount };
  }

  /** A version's files copied to a private local folder (paths kept); `close()` removes them. */
  async open(name: string, version?: string | number): Promise<OpenedDataset> {
    const resolved = await this.resolve(name, version);
    const local = await this.deps.engine.materialize(resolved.files, resolved.format);
    return { ...resolved, ...local };
  }

  /** One file of a version, streamed from the blob store. */
  async readFile(name: string, version: string | number | undefined, path: string): Promise<{ file: DatasetFile; stream: Readable }> {
    const v = await this.getVersion(name, version);
    const file = v.files.find((f) => f.path === path);
    if (!file) throw new AppError('NOT_FOUND', `version ${v.dataset}@${v.version} has no file ${path}`, { details: { path } });
    return { file, stream: await this.deps.blobs.get(file.sha256) };
  }

  async diff(name: string, from: string | number, to: string | number): Promise<DatasetDiff> {
    const [a, b] = await Promise.all([this.getVersion(name, from), this.getVersion(name, to)]);
    return diffVersions(a, b);
  }

  /** Records that a run read this version (here and among the run's inputs in tracking). */
  async linkRun(name: string, version: string | number, input: LinkRunInput): Promise<void> {
    const link = parseInput(linkRunSchema, input, 'body');
    const v = await this.getVersion(name, version);
    const runs = this.deps.runs;
    if (runs) {
      if (!(await runs.runExists(link.runId))) throw new AppError('NOT_FOUND', `run ${link.runId} not found`, { details: { field: 'body.runId' } });
      await runs.recordInput(link.runId, { name: v.dataset, digest: v.digest.slice(0, 36), source: `keel-data:${v.dataset}@${v.version}`, context: link.context });
    }
    await this.deps.store.linkRun(v.id, { runId: link.runId, context: link.context, linkedAt: this.deps.clock.now() });
  }

  /** The runs that used a version, and the model versions those runs produced. */
  async lineage(name: string, version?: string | number): Promise<DatasetLineage> {
    const v = await this.getVersion(name, version);
    const runs = await this.deps.store.listRunLinks(v.id);
    const modelVersions = runs.length > 0 && this.deps.models ? await this.deps.models.versionsFromRuns(runs.map((r) => r.runId)) : [];
    return { runs, modelVersions };
  }

  /**
   * Runs a quality suite (an object, or JSON/YAML text) on a version and stores the report with it.
   * A failing check is a report with `passed: false`, not an error; a malformed suite is INVALID_ARGUMENT.
   */
  async checkQuality(name: string, version: string | number | undefined, suiteInput: unknown): Promise<QualityReport> {
    const suite = parseQualitySuite(suiteInput);
    const v = await this.getVersion(name, version);
    const started = Date.now();
    const local = await this.deps.engine.materialize(v.files, v.format);
    let checks;
    try {
      checks = await runQualitySuite(suite, {
        engine: this.deps.engine,
        data: local,
        schema: v.schema,
        rowCount: v.rowCount,
        now: this.deps.clock.now(),
        readReference: (reference, columns) => this.readReference(v.dataset, reference, columns),
      });
    } finally {
      await local.close();
    }
    const report: QualityReport = {
      id: newId(),
      dataset: v.dataset,
      version: v.version,
      versionId: v.id,
      suite: suite.name,
      passed: checks.every((c) => c.passed),
      rowCount: v.rowCount,
      checks,
      durationMs: Date.now() - started,
      createdAt: this.deps.clock.now(),
    };
    await this.deps.store.saveReport(report);
    return report;
  }

  /** Reports of a version, newest first. */
  async listReports(name: string, version?: string | number): Promise<QualityReport[]> {
    return this.deps.store.listReports((await this.getVersion(name, version)).id);
  }

  /** A distribution check's reference: `3` (same dataset) or `other@3`. */
  private async readReference(dataset: string, reference: string, columns: readonly string[]) {
    const ref = reference.includes('@') || !/^(latest|v?\d{1,9}|[0-9a-f]{6,64})$/.test(reference) ? parseVersionRef(reference, 'reference') : { name: dataset, version: reference };
    const opened = await this.open(ref.name, ref.version);
    try {
      const present = new Set(opened.schema.map((c) => c.name));
      return await this.deps.engine.readColumns(opened, columns.filter((c) => present.has(c)));
    } finally {
      await opened.close();
    }
  }

  private found(v: DatasetVersion | null, what: string): DatasetVersion {
    if (!v) throw new AppError('NOT_FOUND', `${what} not found`, { details: { version: what } });
    return v;
  }
}
