// URLs of the Tuning pages, in one place so links and the sub-router agree.
import { namedPath, parseNamedPath } from '../../app/named-paths.js';

export const TUNING_PATH = '/tuning';

export function studyPath(name: string): string {
  return namedPath(TUNING_PATH, name);
}

export type TuningRoute = { page: 'list' } | { page: 'study'; name: string } | { page: 'unknown' };

export function parseTuningRoute(path: string): TuningRoute {
  if (path === TUNING_PATH) return { page: 'list' };
  const named = parseNamedPath(path, TUNING_PATH);
  return named && named.rest.length === 0 ? { page: 'study', name: named.name } : { page: 'unknown' };
}
