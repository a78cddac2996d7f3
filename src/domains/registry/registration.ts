import type { Readable } from 'node:stream';
import { AppError } from '../../core/errors.js';
import type { BlobStore } from '../../core/ports/blob-store.js';
import type { ModelRuntime, ModelSignature } from '../../core/ports/model-runtime.js';
import { parseInput } from '../../core/validation.js';
import type { TrackingApi } from '../tracking/index.js';
import { signatureSchema, type DatasetCopy, type RegistryTag, type RunMetricCopy } from './registry.schema.js';
import type { NewVersion } from './registry.store.js';

/** The stored file a version is made of, wherever it came from. */
export interface VersionFile {
  sha256: string;
  sizeBytes: number;
  fileName: string;
  source: string;
  artifactPath: string | null;
}

export interface VersionOptions {
  runId: string | null;
  signature: unknown;
  description: string;
  tags: RegistryTag[];
  createdBy: string;
  createdAt: number;
}

/** Keel keeps the model in memory to read its signature; a model larger than this is refused with a clear message instead of exhausting the heap. */
const MAX_INSPECT_BYTES = 2 * 1024 * 1024 * 1024;

async function readAll(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * The run's state at registration, copied: a version must keep saying which params
 * and metrics it was registered with, even if the run is later edited or deleted.
 */
async function copyRun(tracking: TrackingApi, runId: string): Promise<{ metrics: RunMetricCopy[]; params: RegistryTag[]; datasets: DatasetCopy[] }> {
  const run = await tracking.getRun(runId);
  return {
    metrics: run.data.metrics.map((m) => ({ key: m.key, value: Number.isFinite(m.value) ? m.value : null, step: m.step, timestamp: m.timestamp })),
    params: run.data.params.map((p) => ({ key: p.key, value: p.value })),
    datasets: run.inputs.datasetInputs.map((d) => ({
      name: d.dataset.name,
      digest: d.dataset.digest,
      sourceType: d.dataset.sourceType,
      source: d.dataset.source,
      context: d.tags.find((t) => t.key === 'mlflow.data.context')?.value ?? null,
    })),
  };
}

/**
 * The signature: read from the ONNX model itself, which also proves the file is a
 * model the runtime can load. A user-given signature (validated field by field) may
 * rename nothing: its input names must be the model's own, or serving could not feed it.
 */
async function signatureOf(runtime: ModelRuntime, blobs: BlobStore, file: VersionFile, given: unknown): Promise<ModelSignature> {
  const user = given === undefined || given === null ? undefined : parseInput(signatureSchema, given, 'signature');
  if (file.sizeBytes > MAX_INSPECT_BYTES) throw AppError.invalid(`source: the model file is ${file.sizeBytes} bytes; Keel reads ONNX models up to 2 GiB`, [{ path: 'source', message: 'model too large' }]);
  const bytes = await readAll(await blobs.get(file.sha256));
  let inspected: ModelSignature;
  try {
    inspected = await runtime.inspect(bytes);
  } catch (err) {
    if (err instanceof AppError && err.code === 'INVALID_ARGUMENT') {
      throw AppError.invalid(`source: '${file.fileName}' is not an ONNX model Keel can load: ${err.message}`, [{ path: 'source', message: 'not an ONNX model' }]);
    }
    throw err;
  }
  if (!user) return inspected;
  const expected = inspected.inputs.map((i) => i.name).sort();
  user.inputs.forEach((input, i) => {
    if (!expected.includes(input.name)) {
      throw AppError.invalid(`signature.inputs.${i}.name: '${input.name}' is not an input of the model (its inputs: ${expected.join(', ')})`, [{ path: `signature.inputs.${i}.name`, message: 'not a model input' }]);
    }
  });
  return user;
}

export async function buildVersion(deps: { tracking: TrackingApi; blobs: BlobStore; runtime: ModelRuntime }, file: VersionFile, opts: VersionOptions): Promise<NewVersion> {
  // Validate the cheap things (the signature's shape, the run) before reading the model.
  if (opts.signature !== undefined && opts.signature !== null) parseInput(signatureSchema, opts.signature, 'signature');
  const copied = opts.runId ? await copyRun(deps.tracking, opts.runId) : { metrics: [], params: [], datasets: [] };
  const signature = await signatureOf(deps.runtime, deps.blobs, file, opts.signature);
  return {
    description: opts.description,
    source: file.source,
    artifactPath: file.artifactPath,
    runId: opts.runId,
    sha256: file.sha256,
    sizeBytes: file.sizeBytes,
    fileName: file.fileName,
    flavor: 'onnx',
    signature,
    ...copied,
    tags: opts.tags,
    createdBy: opts.createdBy,
    createdAt: opts.createdAt,
  };
}
