import { AppError } from '../../core/errors.js';
import type { ArtifactEntry } from './tracking.schema.js';
import type { ArtifactRecord } from './tracking.store.js';

const MAX_PATH = 1024;
const RUN_ARTIFACTS = /^(\d+)\/([0-9a-f]{32})\/artifacts(?:\/|$)/;

/**
 * Artifact paths name files in a shared space, so anything that could climb
 * out of a run's folder or be read as absolute is refused: `..`, `.`, empty
 * segments, a leading `/`, backslashes, drive letters and control characters.
 */
export function validateArtifactPath(path: string, field = 'path'): string {
  const bad = (why: string) => AppError.invalid(`${field}: '${path.slice(0, 200)}' is not a valid artifact path (${why})`, [{ path: field, message: why }]);
  if (path.length === 0) throw bad('empty');
  if (path.length > MAX_PATH) throw bad(`longer than ${MAX_PATH} characters`);
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) throw bad('absolute paths are not allowed');
  if (path.includes('\\')) throw bad('backslashes are not allowed');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) throw bad('control characters are not allowed');
  for (const segment of path.split('/')) {
    if (segment === '..' || segment === '.') throw bad(`'${segment}' segments are not allowed`);
    if (segment === '') throw bad('empty segments are not allowed');
  }
  return path;
}

/** The run a full artifact path belongs to, when it lies under `<experimentId>/<runId>/artifacts`. */
export function runIdOfPath(fullPath: string): string | null {
  return RUN_ARTIFACTS.exec(fullPath)?.[2] ?? null;
}

/**
 * Direct children of `prefix` (which ends in `/` or is empty): files as they
 * are, deeper files folded into one folder entry each, as MLflow's
 * artifacts/list answers. Entry paths are `display` + the child's name.
 */
export function directChildren(records: readonly ArtifactRecord[], prefix: string, display: string): ArtifactEntry[] {
  const files: ArtifactEntry[] = [];
  const dirs = new Set<string>();
  for (const r of records) {
    if (!r.path.startsWith(prefix)) continue;
    const rest = r.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash < 0) files.push({ path: display + rest, isDir: false, size: r.size, sha256: r.sha256 });
    else dirs.add(rest.slice(0, slash));
  }
  const folders: ArtifactEntry[] = [...dirs].map((d) => ({ path: display + d, isDir: true }));
  return [...folders, ...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
