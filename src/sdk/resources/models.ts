import { AppError } from '../../core/errors.js';
import type {
  AuditEvent,
  CreateModelInput,
  GatePolicyRecord,
  GateReportRecord,
  Lineage,
  ModelVersion,
  PromoteInput,
  PromotionResult,
  RegisteredModel,
  RegistryTag,
  RollbackResult,
  UpdateModelInput,
} from '../../domains/registry/registry.schema.js';
import type { ModelSignature } from '../../core/ports/model-runtime.js';
import { streamFromIterable } from '../raw-body.js';
import type { HttpTransport, RawBody } from '../transport.js';

/** Per-call settings: a gate run on a large evaluation set can take longer than the client's default timeout. */
export interface CallOptions {
  timeoutMs?: number;
}

/** Where a new version's model file comes from. */
export type ModelSource =
  /** A local file (Node only): streamed from disk, never read whole into memory. */
  | { file: string; fileName?: string }
  /** Bytes in memory or a stream (browser or Node). */
  | { data: Uint8Array | string | ReadableStream<Uint8Array>; fileName?: string }
  /** A run's artifact: a file, or a folder (an MLflow model dir) holding model.onnx. */
  | { runId: string; path: string }
  /** A blob the server already stores. */
  | { sha256: string; fileName?: string };

export interface RegisterOptions {
  /** A signature to record instead of the one read from the ONNX model (input names must match the model's). */
  signature?: ModelSignature;
  description?: string;
  tags?: RegistryTag[];
  /** Links a run to an uploaded file or blob (a run source links its own run). */
  runId?: string;
}

const enc = encodeURIComponent;
const base = (name: string): string => `/api/v1/models/${enc(name)}`;

/** The minimum of `node:fs` this file uses; typed here so the SDK compiles without Node's types in a browser build. */
interface NodeFs {
  createReadStream(path: string): AsyncIterable<Uint8Array>;
  promises: { stat(path: string): Promise<{ isFile(): boolean }> };
}

/** A pull-based web stream over a file: the upload reads the disk only as fast as the socket drains. */
async function fileStream(path: string): Promise<ReadableStream<Uint8Array>> {
  if (typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !== 'string') {
    throw new AppError('INVALID_ARGUMENT', 'register({ file }) reads from disk and works only in Node; pass { data } in a browser');
  }
  // A variable specifier keeps bundlers from pulling node:fs into the web build.
  const specifier = 'node:fs';
  const fs = (await import(/* @vite-ignore */ specifier)) as NodeFs;
  const info = await fs.promises.stat(path).catch((err: unknown) => {
    throw new AppError('INVALID_ARGUMENT', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  });
  if (!info.isFile()) throw new AppError('INVALID_ARGUMENT', `${path} is not a file`);
  return streamFromIterable(fs.createReadStream(path));
}

const baseName = (path: string): string => path.split(/[\\/]/).pop() || 'model.onnx';

/**
 * The model registry: registered models, versions, stages through the validation gate,
 * aliases, rollback, audit and lineage.
 */
export class ModelsApi {
  constructor(private readonly http: HttpTransport) {}

  /** @example await keel.models.create({ name: 'churn', description: 'who leaves next month' }); */
  create(input: CreateModelInput): Promise<RegisteredModel> {
    return this.http.request('POST', '/api/v1/models', { body: input });
  }

  /** @example const { productionVersion, aliases } = await keel.models.get('churn'); */
  get(name: string): Promise<RegisteredModel> {
    return this.http.request('GET', base(name));
  }

  /** MLflow's filter grammar on name and tags. @example const { models } = await keel.models.list({ filter: "name LIKE 'churn%'" }); */
  list(opts: { filter?: string; orderBy?: string[]; maxResults?: number; pageToken?: string } = {}): Promise<{ models: RegisteredModel[]; nextPageToken?: string }> {
    return this.http.request('GET', '/api/v1/models', { query: { filter: opts.filter, orderBy: opts.orderBy?.join(','), maxResults: opts.maxResults, pageToken: opts.pageToken } });
  }

  /** @example await keel.models.update('churn', { description: 'v2 features' }); */
  update(name: string, input: UpdateModelInput): Promise<RegisteredModel> {
    return this.http.request('PATCH', base(name), { body: input });
  }

  /** Refused while a version is in Production. @example await keel.models.delete('old-model'); */
  delete(name: string): Promise<void> {
    return this.http.request('DELETE', base(name));
  }

  /**
   * Registers a new version; ONNX signatures are read from the model itself.
   * @example
   * await keel.models.register('churn', { file: 'model.onnx' }, { description: 'gbm, 200 trees' });
   * await keel.models.register('churn', { runId, path: 'model' });
   */
  async register(name: string, source: ModelSource, opts: RegisterOptions = {}): Promise<ModelVersion> {
    if ('runId' in source || 'sha256' in source) {
      const src = 'sha256' in source ? { sha256: source.sha256, ...(source.fileName ? { fileName: source.fileName } : {}) } : { runId: source.runId, path: source.path };
      return this.http.request('POST', `${base(name)}/versions`, { body: { source: src, ...opts } });
    }
    const rawBody: RawBody = 'file' in source ? await fileStream(source.file) : source.data;
    const fileName = source.fileName ?? ('file' in source ? baseName(source.file) : 'model.onnx');
    return this.http.request('PUT', `${base(name)}/versions/upload`, {
      rawBody,
      timeoutMs: 0,
      query: { filename: fileName, runId: opts.runId, description: opts.description, signature: opts.signature ? JSON.stringify(opts.signature) : undefined },
    });
  }

  /** @example const v = await keel.models.version('churn', 3); */
  version(name: string, version: number): Promise<ModelVersion> {
    return this.http.request('GET', `${base(name)}/versions/${version}`);
  }

  /** Newest first. @example const { versions } = await keel.models.versions('churn'); */
  versions(name: string, opts: { maxResults?: number; pageToken?: string } = {}): Promise<{ versions: ModelVersion[]; nextPageToken?: string }> {
    return this.http.request('GET', `${base(name)}/versions`, { query: opts });
  }

  /**
   * Moves a version to a stage; Production goes through the validation gate and a refusal
   * throws FAILED_PRECONDITION with `details.failedChecks`. `force` needs an admin key and a reason.
   * @example await keel.models.promote('churn', 4, { stage: 'Production', reason: 'beats v3 by 2% AUC' });
   */
  promote(name: string, version: number, input: PromoteInput, opts: CallOptions = {}): Promise<PromotionResult> {
    return this.http.request('POST', `${base(name)}/versions/${version}/promote`, { body: input, ...opts });
  }

  /** Production goes back to the version it replaced. @example await keel.models.rollback('churn', 'latency regression'); */
  rollback(name: string, reason?: string, opts: CallOptions = {}): Promise<RollbackResult> {
    return this.http.request('POST', `${base(name)}/rollback`, { body: reason === undefined ? {} : { reason }, ...opts });
  }

  /** @example await keel.models.setAlias('churn', 'champion', 4); */
  setAlias(name: string, alias: string, version: number): Promise<ModelVersion> {
    return this.http.request('PUT', `${base(name)}/aliases/${enc(alias)}`, { body: { version } });
  }

  /** @example await keel.models.deleteAlias('churn', 'challenger'); */
  deleteAlias(name: string, alias: string): Promise<void> {
    return this.http.request('DELETE', `${base(name)}/aliases/${enc(alias)}`);
  }

  /** @example const champion = await keel.models.byAlias('churn', 'champion'); */
  byAlias(name: string, alias: string): Promise<ModelVersion> {
    return this.http.request('GET', `${base(name)}/aliases/${enc(alias)}`);
  }

  /** Stores a new policy version (validated by the gate). @example await keel.models.setGatePolicy('churn', { evaluation, performance: { metric: 'auc' } }); */
  setGatePolicy(name: string, policy: Record<string, unknown>, opts: CallOptions = {}): Promise<GatePolicyRecord> {
    return this.http.request('PUT', `${base(name)}/gate-policy`, { body: policy, ...opts });
  }

  /** NOT_FOUND when the model has none. @example const { policy, policyVersion } = await keel.models.getGatePolicy('churn'); */
  getGatePolicy(name: string): Promise<GatePolicyRecord> {
    return this.http.request('GET', `${base(name)}/gate-policy`);
  }

  /** @example const { policies } = await keel.models.gatePolicyHistory('churn'); */
  gatePolicyHistory(name: string): Promise<{ policies: GatePolicyRecord[] }> {
    return this.http.request('GET', `${base(name)}/gate-policy/history`);
  }

  /** Gate reports of a version, newest first. @example const { reports } = await keel.models.reports('churn', 4); */
  reports(name: string, version: number): Promise<{ reports: GateReportRecord[] }> {
    return this.http.request('GET', `${base(name)}/versions/${version}/reports`);
  }

  /** @example const report = await keel.models.report('churn', 4, reportId); */
  report(name: string, version: number, reportId: string): Promise<GateReportRecord> {
    return this.http.request('GET', `${base(name)}/versions/${version}/reports/${enc(reportId)}`);
  }

  /** Newest first. @example const { events } = await keel.models.audit('churn'); */
  audit(name: string, opts: { maxResults?: number; pageToken?: string } = {}): Promise<{ events: AuditEvent[]; nextPageToken?: string }> {
    return this.http.request('GET', `${base(name)}/audit`, { query: opts });
  }

  /** @example const { run, datasets } = await keel.models.lineage('churn', 4); */
  lineage(name: string, version: number): Promise<Lineage> {
    return this.http.request('GET', `${base(name)}/versions/${version}/lineage`);
  }

  /** The model file as a fetch Response (stream `body`). @example const bytes = new Uint8Array(await (await keel.models.download('churn', 4)).arrayBuffer()); */
  download(name: string, version: number): Promise<Response> {
    return this.http.send('GET', `${base(name)}/versions/${version}/artifact`, { timeoutMs: 0 });
  }
}
