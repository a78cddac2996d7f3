import type { ArtifactEntry, Tag } from '../domains/tracking/tracking.schema.js';
import type { RunsApi } from './resources/runs.js';
import type { AddDatasetOptions, AddDatasetResult, DatasetUploader } from './dataset-types.js';

/*
 * The seam between the browser-safe SDK and its Node-only helpers (src/sdk/node/).
 * Only types live here; the helpers are loaded on demand with an import specifier
 * that bundlers do not follow, so the web build never sees `node:` modules.
 */

export interface EnvironmentOptions {
  /** Folder whose git state and package.json are recorded (default: the process's cwd). */
  cwd?: string;
  /** `mlflow.source.name`: the script or command that ran (default: the entry script). */
  sourceName?: string;
  /** Also record `python3 -m pip freeze` (slow: off by default). */
  pipFreeze?: boolean;
}

export interface CapturedEnvironment {
  tags: Tag[];
  /** The OS user, stored as the run's userId and `mlflow.user`. */
  userId?: string;
  /** Files to attach as artifacts, e.g. `environment/git-diff.patch` when the tree is dirty. */
  files: { path: string; data: string }[];
}

/** What a live run offers the process-exit hooks. */
export interface ExitAwareRun {
  readonly id: string;
  /** `beforeExit`: flush and finish; a signal: flush and mark KILLED. Never rejects. */
  onProcessExit(reason: 'beforeExit' | 'SIGINT' | 'SIGTERM'): Promise<void>;
}

export interface NodeSupport {
  captureEnvironment(opts?: EnvironmentOptions): Promise<CapturedEnvironment>;
  /** Uploads a file, or a folder's files recursively, under `artifactPath`. */
  uploadLocalPath(runs: RunsApi, runId: string, localPath: string, artifactPath?: string): Promise<ArtifactEntry[]>;
  /** Registers a run with the process's exit hooks; call the returned function once the run has ended. */
  watchProcessExit(run: ExitAwareRun, opts: { signals: boolean }): () => void;
  /** Adds a local file or folder as a dataset version, uploading only the files the server lacks. */
  addLocalDataset(data: DatasetUploader, name: string, localPath: string, opts?: AddDatasetOptions): Promise<AddDatasetResult>;
}

export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

let loading: Promise<NodeSupport | undefined> | undefined;

/** The Node helpers, or undefined in a browser. */
export function loadNodeSupport(): Promise<NodeSupport | undefined> {
  if (!isNode()) return Promise.resolve(undefined);
  // A variable specifier (and @vite-ignore) keeps bundlers from pulling node: modules into the web build.
  const specifier = './node/index.js';
  loading ??= (import(/* @vite-ignore */ specifier) as Promise<{ nodeSupport: NodeSupport }>).then((m) => m.nodeSupport);
  return loading;
}
