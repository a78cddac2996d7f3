/** What changed between two versions: files, row count, schema, and per-column statistics. */
import type { ColumnChange, ColumnProfile, DatasetDiff, DatasetVersion } from './data.schema.js';

const STATS = ['nulls', 'nullFraction', 'distinct', 'min', 'max', 'mean', 'std'] as const;

const same = (a: number | string | null, b: number | string | null): boolean => {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  return a === b;
};

function statChanges(a: ColumnProfile | undefined, b: ColumnProfile | undefined): ColumnChange['stats'] {
  const out: ColumnChange['stats'] = {};
  for (const stat of STATS) {
    const from = a ? a[stat] : null;
    const to = b ? b[stat] : null;
    if (!same(from, to)) out[stat] = [from, to];
  }
  const p50a = a?.quantiles?.p50 ?? null;
  const p50b = b?.quantiles?.p50 ?? null;
  if (!same(p50a, p50b)) out.median = [p50a, p50b];
  return out;
}

export function diffVersions(a: DatasetVersion, b: DatasetVersion): DatasetDiff {
  const filesA = new Map(a.files.map((f) => [f.path, f.sha256]));
  const filesB = new Map(b.files.map((f) => [f.path, f.sha256]));
  const profA = new Map(a.profile.columns.map((c) => [c.name, c]));
  const profB = new Map(b.profile.columns.map((c) => [c.name, c]));
  const typesA = new Map(a.schema.map((c) => [c.name, c.type]));
  const typesB = new Map(b.schema.map((c) => [c.name, c.type]));
  const names = [...a.schema.map((c) => c.name), ...b.schema.filter((c) => !typesA.has(c.name)).map((c) => c.name)];
  const columns: ColumnChange[] = names.map((name) => {
    const ta = typesA.get(name);
    const tb = typesB.get(name);
    const stats = statChanges(profA.get(name), profB.get(name));
    if (ta === undefined) return { name, change: 'added', typeTo: tb, stats };
    if (tb === undefined) return { name, change: 'removed', typeFrom: ta, stats };
    return { name, change: ta !== tb ? 'type_changed' : Object.keys(stats).length > 0 ? 'changed' : 'unchanged', typeFrom: ta, typeTo: tb, stats };
  });
  return {
    dataset: b.dataset,
    from: { version: a.version, digest: a.digest, rowCount: a.rowCount },
    to: { version: b.version, digest: b.digest, rowCount: b.rowCount },
    rowCountChange: b.rowCount - a.rowCount,
    files: {
      added: [...filesB.keys()].filter((p) => !filesA.has(p)),
      removed: [...filesA.keys()].filter((p) => !filesB.has(p)),
      changed: [...filesB.keys()].filter((p) => filesA.has(p) && filesA.get(p) !== filesB.get(p)),
      unchanged: [...filesB.keys()].filter((p) => filesA.get(p) === filesB.get(p)).length,
    },
    columns,
  };
}
