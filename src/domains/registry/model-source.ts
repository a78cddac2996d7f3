import { AppError } from '../../core/errors.js';
import type { ArtifactEntry, TrackingApi } from '../tracking/index.js';

/** The file a version is made of, found in tracking's artifact space. */
export interface ResolvedArtifact {
  sha256: string;
  sizeBytes: number;
  fileName: string;
  /** Full path in the artifact space (`<experiment>/<run>/artifacts/<file>`). */
  artifactPath: string;
  runId: string | null;
}

/** The file an MLflow model folder (`model/` with MLmodel, conda.yaml…) is served from. */
const MODEL_FILE = 'model.onnx';
const RUN_PATH = /^(\d+)\/([0-9a-f]{32})\/artifacts(?:\/|$)/;

const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
const parentOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

function sourceError(field: string, message: string): AppError {
  return AppError.invalid(`${field}: ${message}`, [{ path: field, message }]);
}

/**
 * A folder source (an MLflow model directory) resolves to its `model.onnx`, or to its
 * only `.onnx` file; anything else is ambiguous and named in the error.
 */
function pickModelFile(children: ArtifactEntry[], shown: string, field: string): ArtifactEntry {
  const files = children.filter((c) => !c.isDir);
  const exact = files.find((f) => baseName(f.path) === MODEL_FILE);
  if (exact) return exact;
  const onnx = files.filter((f) => f.path.toLowerCase().endsWith('.onnx'));
  if (onnx.length === 1 && onnx[0]) return onnx[0];
  const names = files.map((f) => baseName(f.path)).slice(0, 20).join(', ') || 'nothing';
  throw sourceError(field, `'${shown}' is a folder without ${onnx.length > 1 ? 'a single .onnx file' : `a ${MODEL_FILE}`} (it holds: ${names})`);
}

/** `listing(dir)` lists a folder's direct children with paths relative to the same root as `path`. */
async function resolveIn(listing: (dir: string | undefined) => Promise<ArtifactEntry[]>, path: string, field: string): Promise<ArtifactEntry> {
  const trimmed = path.replace(/\/+$/, '');
  const siblings = await listing(parentOf(trimmed) || undefined);
  const entry = siblings.find((e) => e.path.replace(/\/+$/, '') === trimmed);
  if (!entry) throw new AppError('NOT_FOUND', `${field}: no artifact '${trimmed}'`, { details: { resource: 'artifact', id: trimmed, fields: [{ path: field, message: 'no such artifact' }] } });
  if (!entry.isDir) return entry;
  return pickModelFile(await listing(trimmed), trimmed, field);
}

function resolved(entry: ArtifactEntry, fullPath: string, runId: string | null): ResolvedArtifact {
  if (entry.sha256 === undefined || entry.size === undefined) throw new AppError('INTERNAL', `artifact '${fullPath}' has no recorded digest`);
  return { sha256: entry.sha256, sizeBytes: entry.size, fileName: baseName(entry.path), artifactPath: fullPath, runId };
}

/** A run's artifact by its path under the run's artifact root. */
export async function resolveRunArtifact(tracking: TrackingApi, runId: string, path: string, field = 'source.path'): Promise<ResolvedArtifact> {
  const run = await tracking.getRun(runId);
  const entry = await resolveIn(async (dir) => (await tracking.listArtifacts(runId, dir)).files, path, field);
  return resolved(entry, `${run.info.experimentId}/${runId}/artifacts/${entry.path}`, runId);
}

/** A path in the whole artifact space (what `mlflow-artifacts:/…` URIs name). */
export async function resolveArtifactPath(tracking: TrackingApi, fullPath: string, field = 'source'): Promise<ResolvedArtifact> {
  const trimmed = fullPath.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') throw sourceError(field, 'the artifact path is empty');
  // The proxy's listing answers bare names, so entries are rebuilt under their folder.
  const listing = async (dir: string | undefined): Promise<ArtifactEntry[]> =>
    (await tracking.listArtifactsAtPath(dir ?? '')).map((e) => ({ ...e, path: dir ? `${dir}/${baseName(e.path)}` : baseName(e.path) }));
  const entry = await resolveIn(listing, trimmed, field);
  return resolved(entry, entry.path, RUN_PATH.exec(entry.path)?.[2] ?? null);
}

/**
 * MLflow source URIs: `runs:/<run id>/<path>` and `mlflow-artifacts:/<path>` (with or
 * without a `//host` authority). Other schemes name storage this server cannot read.
 */
export async function resolveArtifactUri(tracking: TrackingApi, uri: string, field = 'source'): Promise<ResolvedArtifact> {
  const runs = /^runs:\/+([0-9a-f]{32})(?:\/(.*))?$/.exec(uri);
  if (runs) {
    const [, runId, rest] = runs;
    if (!rest) throw sourceError(field, `'${uri}' names a run but no artifact path (e.g. runs:/${runId ?? ''}/model)`);
    return resolveRunArtifact(tracking, runId ?? '', rest, field);
  }
  const proxied = /^mlflow-artifacts:(?:\/\/[^/]*)?\/*(.*)$/.exec(uri);
  if (proxied) return resolveArtifactPath(tracking, proxied[1] ?? '', field);
  throw sourceError(field, `'${uri.slice(0, 200)}' is not an artifact URI this server stores (use runs:/<run id>/<path> or mlflow-artifacts:/<path>)`);
}
