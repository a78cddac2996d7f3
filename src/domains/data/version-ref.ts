/** `name@version` references, as the CLI and quality suites write them. */
import { AppError } from '../../core/errors.js';
import { datasetNameSchema, versionSelectorSchema } from './data.schema.js';

export interface VersionRef {
  name: string;
  /** Absent: the latest version. */
  version?: string | undefined;
}

export function parseVersionRef(ref: string, field = 'ref'): VersionRef {
  const at = ref.lastIndexOf('@');
  const name = at < 0 ? ref : ref.slice(0, at);
  const version = at < 0 ? undefined : ref.slice(at + 1);
  if (!datasetNameSchema.safeParse(name).success) throw AppError.invalid(`${field}: '${ref}' is not a dataset reference (name or name@version)`, [{ path: field, message: 'expected name or name@version' }]);
  if (version !== undefined && !versionSelectorSchema.safeParse(version).success) {
    throw AppError.invalid(`${field}: '${version}' is not a version (a number, "latest", or a digest prefix of ≥ 6 hex characters)`, [{ path: field, message: 'invalid version' }]);
  }
  return { name, version };
}

export function formatVersionRef(name: string, version: number): string {
  return `${name}@${version}`;
}
