// URLs of the Training pages, in one place so links and the sub-router agree.
import { namedPath, parseNamedPath } from '../../app/named-paths.js';

export const TRAINING_PATH = '/training';
const JOBS_PATH = `${TRAINING_PATH}/jobs`;

export function jobPath(id: string): string {
  return namedPath(JOBS_PATH, id);
}

export type TrainingRoute = { page: 'home' } | { page: 'job'; id: string } | { page: 'unknown' };

export function parseTrainingRoute(path: string): TrainingRoute {
  if (path === TRAINING_PATH) return { page: 'home' };
  const named = parseNamedPath(path, JOBS_PATH);
  return named && named.rest.length === 0 ? { page: 'job', id: named.name } : { page: 'unknown' };
}
