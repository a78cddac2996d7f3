// URLs of the registry pages, in one place so links and the sub-router agree.
export const MODELS_PATH = '/models';

export function modelPath(name: string): string {
  return `${MODELS_PATH}/${encodeURIComponent(name)}`;
}

export function versionPath(name: string, version: number): string {
  return `${modelPath(name)}/versions/${version}`;
}

export type ModelRoute = { page: 'list' } | { page: 'model'; name: string } | { page: 'version'; name: string; version: number } | { page: 'unknown' };

/** `/models`, `/models/<name>`, `/models/<name>/versions/<n>`; anything else is unknown. */
export function parseModelRoute(path: string): ModelRoute {
  if (path === MODELS_PATH) return { page: 'list' };
  if (!path.startsWith(`${MODELS_PATH}/`)) return { page: 'unknown' };
  const parts = path.slice(MODELS_PATH.length + 1).split('/');
  let name: string;
  try {
    name = decodeURIComponent(parts[0] ?? '');
  } catch {
    return { page: 'unknown' };
  }
  if (!name) return { page: 'unknown' };
  if (parts.length === 1) return { page: 'model', name };
  const version = Number(parts[2]);
  if (parts.length === 3 && parts[1] === 'versions' && Number.isInteger(version) && version >= 1) return { page: 'version', name, version };
  return { page: 'unknown' };
}
