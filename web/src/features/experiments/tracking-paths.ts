// URLs of the tracking pages, in one place so links and the sub-router agree.
export const EXPERIMENTS_PATH = '/experiments';
export const RUN_PATH_PREFIX = '/experiments/runs/';
export const COMPARE_PATH = '/experiments/compare';

export function experimentPath(experimentId: string): string {
  return `${EXPERIMENTS_PATH}?exp=${encodeURIComponent(experimentId)}`;
}

export function runPath(runId: string): string {
  return `${RUN_PATH_PREFIX}${encodeURIComponent(runId)}`;
}

export function comparePath(runIds: readonly string[]): string {
  return `${COMPARE_PATH}?runs=${runIds.map(encodeURIComponent).join(',')}`;
}
