// URLs of the Tuning pages, in one place so links and the sub-router agree.
export const TUNING_PATH = '/tuning';

export function studyPath(name: string): string {
  return `${TUNING_PATH}/${encodeURIComponent(name)}`;
}

export type TuningRoute = { page: 'list' } | { page: 'study'; name: string } | { page: 'unknown' };

export function parseTuningRoute(path: string): TuningRoute {
  if (path === TUNING_PATH) return { page: 'list' };
  if (!path.startsWith(`${TUNING_PATH}/`)) return { page: 'unknown' };
  const rest = path.slice(TUNING_PATH.length + 1);
  if (rest.includes('/')) return { page: 'unknown' };
  try {
    const name = decodeURIComponent(rest);
    return name ? { page: 'study', name } : { page: 'unknown' };
  } catch {
    return { page: 'unknown' };
  }
}
