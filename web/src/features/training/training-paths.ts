// URLs of the Training pages, in one place so links and the sub-router agree.
export const TRAINING_PATH = '/training';

export function jobPath(id: string): string {
  return `${TRAINING_PATH}/jobs/${encodeURIComponent(id)}`;
}

export type TrainingRoute = { page: 'home' } | { page: 'job'; id: string } | { page: 'unknown' };

export function parseTrainingRoute(path: string): TrainingRoute {
  if (path === TRAINING_PATH) return { page: 'home' };
  const m = /^\/training\/jobs\/([^/]+)$/.exec(path);
  if (!m) return { page: 'unknown' };
  try {
    return { page: 'job', id: decodeURIComponent(m[1]!) };
  } catch {
    return { page: 'unknown' };
  }
}
