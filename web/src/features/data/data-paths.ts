// URLs of the Data pages, in one place so links and the sub-router agree.
export const DATA_PATH = '/data';

export function datasetPath(name: string): string {
  return `${DATA_PATH}/${encodeURIComponent(name)}`;
}

export function datasetVersionPath(name: string, version: number): string {
  return `${datasetPath(name)}/versions/${version}`;
}

export function datasetDiffPath(name: string, from: number, to: number): string {
  return `${datasetPath(name)}/diff?from=${from}&to=${to}`;
}

export type DataRoute = { page: 'list' } | { page: 'dataset'; name: string } | { page: 'version'; name: string; version: number } | { page: 'diff'; name: string } | { page: 'unknown' };

/** `/data`, `/data/<name>`, `/data/<name>/versions/<n>`, `/data/<name>/diff`; anything else is unknown. */
export function parseDataRoute(path: string): DataRoute {
  if (path === DATA_PATH) return { page: 'list' };
  if (!path.startsWith(`${DATA_PATH}/`)) return { page: 'unknown' };
  const parts = path.slice(DATA_PATH.length + 1).split('/');
  let name: string;
  try {
    name = decodeURIComponent(parts[0] ?? '');
  } catch {
    return { page: 'unknown' };
  }
  if (!name) return { page: 'unknown' };
  if (parts.length === 1) return { page: 'dataset', name };
  if (parts.length === 2 && parts[1] === 'diff') return { page: 'diff', name };
  const version = Number(parts[2]);
  if (parts.length === 3 && parts[1] === 'versions' && Number.isInteger(version) && version >= 1) return { page: 'version', name, version };
  return { page: 'unknown' };
}
