import { AppError } from '../../core/errors.js';
import type { ModelVersion, RegisteredModel, RegistryTag } from './registry.schema.js';

/**
 * MLflow's registry search grammar, the part its clients send: clauses joined by AND,
 * each `name|run_id|tags.<key>` compared with `=`, `!=`, `LIKE`, `ILIKE` or `IN (…)`
 * to single- or double-quoted strings. Registries hold hundreds of models, so the
 * parsed filter is a predicate applied in memory.
 */
type Op = '=' | '!=' | 'LIKE' | 'ILIKE' | 'IN';
interface Clause {
  field: string;
  op: Op;
  values: string[];
}

const CLAUSE = /^\s*(`[^`]+`|"[^"]+"|[\w.]+)\s*(=|!=|<>|\bLIKE\b|\bILIKE\b|\bIN\b)\s*(\((?:[^()]*)\)|'(?:[^']|'')*'|"(?:[^"]|"")*")\s*/i;

function unquote(s: string): string {
  const q = s[0];
  if ((q === "'" || q === '"' || q === '`') && s.endsWith(q ?? '')) return s.slice(1, -1).replaceAll(`${q}${q}`, q ?? '');
  return s;
}

function invalid(filter: string, why: string): AppError {
  return AppError.invalid(`filter: ${why} in '${filter.slice(0, 200)}'`, [{ path: 'filter', message: why }]);
}

function parse(filter: string, fields: readonly string[]): Clause[] {
  const clauses: Clause[] = [];
  let rest = filter.trim();
  while (rest !== '') {
    const m = CLAUSE.exec(rest);
    if (!m) throw invalid(filter, `cannot parse the clause '${rest.slice(0, 60)}'`);
    const field = unquote(m[1] ?? '');
    const opText = (m[2] ?? '').toUpperCase();
    const op: Op = opText === '<>' ? '!=' : (opText as Op);
    const raw = m[3] ?? '';
    if (!fields.includes(field) && !field.startsWith('tags.')) throw invalid(filter, `unknown field '${field}' (use ${fields.join(', ')} or tags.<key>)`);
    const values = raw.startsWith('(') ? [...raw.slice(1, -1).matchAll(/'((?:[^']|'')*)'|"((?:[^"]|"")*)"/g)].map((v) => (v[1] ?? v[2] ?? '').replaceAll("''", "'")) : [unquote(raw)];
    if ((op === 'IN') !== raw.startsWith('(')) throw invalid(filter, `IN takes a parenthesised list and only IN does`);
    clauses.push({ field, op, values });
    rest = rest.slice(m[0].length);
    const and = /^AND\s+/i.exec(rest);
    if (and) rest = rest.slice(and[0].length);
    else if (rest !== '') throw invalid(filter, `expected AND before '${rest.slice(0, 60)}'`);
  }
  return clauses;
}

function likeToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('%', '.*').replaceAll('_', '.');
  return new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
}

function matches(value: string | null, clause: Clause): boolean {
  if (value === null) return clause.op === '!=';
  const first = clause.values[0] ?? '';
  switch (clause.op) {
    case '=':
      return value === first;
    case '!=':
      return value !== first;
    case 'LIKE':
      return likeToRegExp(first, false).test(value);
    case 'ILIKE':
      return likeToRegExp(first, true).test(value);
    case 'IN':
      return clause.values.includes(value);
  }
}

const tagValue = (tags: readonly RegistryTag[], key: string): string | null => tags.find((t) => t.key === key)?.value ?? null;

export function modelFilter(filter: string): (m: RegisteredModel) => boolean {
  const clauses = parse(filter, ['name']);
  return (m) => clauses.every((c) => matches(c.field === 'name' ? m.name : tagValue(m.tags, c.field.slice(5)), c));
}

export function versionFilter(filter: string): (v: ModelVersion) => boolean {
  const clauses = parse(filter, ['name', 'run_id', 'source_path', 'version_number']);
  const field = (v: ModelVersion, f: string): string | null => {
    if (f === 'name') return v.name;
    if (f === 'run_id') return v.runId;
    if (f === 'source_path') return v.source;
    if (f === 'version_number') return String(v.version);
    return tagValue(v.tags, f.slice(5));
  };
  return (v) => clauses.every((c) => matches(field(v, c.field), c));
}

type Comparator<T> = (a: T, b: T) => number;

/** `name`, `last_updated_timestamp`, `creation_timestamp`, `version_number`, each with ASC (default) or DESC. */
export function orderBy<T>(clauses: readonly string[], keys: Record<string, (x: T) => string | number>, tiebreak: Comparator<T>): Comparator<T> {
  const parsed = clauses.map((clause) => {
    const m = /^\s*([\w.]+)\s*(ASC|DESC)?\s*$/i.exec(clause);
    const key = m ? keys[m[1] ?? ''] : undefined;
    if (!m || !key) throw AppError.invalid(`orderBy: cannot order by '${clause.slice(0, 100)}' (use ${Object.keys(keys).join(', ')} with ASC or DESC)`, [{ path: 'orderBy', message: 'invalid order_by clause' }]);
    return { key, sign: (m[2] ?? 'ASC').toUpperCase() === 'DESC' ? -1 : 1 };
  });
  return (a, b) => {
    for (const { key, sign } of parsed) {
      const x = key(a);
      const y = key(b);
      if (x !== y) return (x < y ? -1 : 1) * sign;
    }
    return tiebreak(a, b);
  };
}

/** Page tokens are opaque base64 offsets, as MLflow's are. */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'offset' in parsed && Number.isSafeInteger(parsed.offset) && (parsed.offset as number) >= 0) return parsed.offset as number;
  } catch {
    // fall through to the error below
  }
  throw AppError.invalid('pageToken is not a token this server issued', [{ path: 'pageToken', message: 'invalid page token' }]);
}

export function pageOf<T>(items: readonly T[], offset: number, limit: number): { items: T[]; nextPageToken?: string } {
  const slice = items.slice(offset, offset + limit);
  return offset + limit < items.length ? { items: slice, nextPageToken: encodePageToken(offset + limit) } : { items: slice };
}
