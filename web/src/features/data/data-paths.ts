// URLs of the Data pages, in one place so links and the sub-router agree.
import { namedPath, parseNamedPath, versionSegment } from '../../app/named-paths.js';

export const DATA_PATH = '/data';

export function datasetPath(name: string): string {
  return namedPath(DATA_PATH, name);
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
  const named = parseNamedPath(path, DATA_PATH);
  if (!named) return { page: 'unknown' };
  const { name, rest } = named;
  if (rest.length === 0) return { page: 'dataset', name };
  if (rest.length === 1 && rest[0] === 'diff') return { page: 'diff', name };
  const version = versionSegment(rest);
  return version === null ? { page: 'unknown' } : { page: 'version', name, version };
}
