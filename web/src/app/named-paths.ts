// The shape every section's sub-router shares: `<base>/<name>[/more]`, the name URL-encoded.

export function namedPath(base: string, name: string): string {
  return `${base}/${encodeURIComponent(name)}`;
}

/** `<base>/<name>/<rest…>` as the decoded name and the segments after it; `null` outside `base/` or for an empty or malformed name. */
export function parseNamedPath(path: string, base: string): { name: string; rest: string[] } | null {
  if (!path.startsWith(`${base}/`)) return null;
  const [first = '', ...rest] = path.slice(base.length + 1).split('/');
  let name: string;
  try {
    name = decodeURIComponent(first);
  } catch {
    return null;
  }
  return name ? { name, rest } : null;
}

/** The version of `versions/<n>` (a positive integer), or `null` for any other rest. */
export function versionSegment(rest: readonly string[]): number | null {
  if (rest.length !== 2 || rest[0] !== 'versions') return null;
  const version = Number(rest[1]);
  return Number.isInteger(version) && version >= 1 ? version : null;
}
