// URLs of the registry pages, in one place so links and the sub-router agree.
import { namedPath, parseNamedPath, versionSegment } from '../../app/named-paths.js';

export const MODELS_PATH = '/models';

export function modelPath(name: string): string {
  return namedPath(MODELS_PATH, name);
}

export function versionPath(name: string, version: number): string {
  return `${modelPath(name)}/versions/${version}`;
}

export type ModelRoute = { page: 'list' } | { page: 'model'; name: string } | { page: 'version'; name: string; version: number } | { page: 'unknown' };

/** `/models`, `/models/<name>`, `/models/<name>/versions/<n>`; anything else is unknown. */
export function parseModelRoute(path: string): ModelRoute {
  if (path === MODELS_PATH) return { page: 'list' };
  const named = parseNamedPath(path, MODELS_PATH);
  if (!named) return { page: 'unknown' };
  const { name, rest } = named;
  if (rest.length === 0) return { page: 'model', name };
  const version = versionSegment(rest);
  return version === null ? { page: 'unknown' } : { page: 'version', name, version };
}
