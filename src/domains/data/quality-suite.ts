/**
 * Quality suites as users write them: JSON or YAML text (or an already-parsed object), checked
 * against the suite schema so a malformed file is INVALID_ARGUMENT naming the offending field
 * (`suite.checks.2.maxNullFraction: …`) or the YAML line.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { AppError } from '../../core/errors.js';
import { parseInput } from '../../core/validation.js';
import { qualitySuiteSchema, type TYPE_FAMILIES, type QualitySuite } from './data.schema.js';

export function parseQualitySuite(input: unknown, where = 'suite'): QualitySuite {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = parseYaml(input, { maxAliasCount: 100 });
    } catch (err) {
      const line = err instanceof YAMLParseError && err.linePos ? ` at line ${err.linePos[0].line}` : '';
      throw AppError.invalid(`${where}: not valid JSON or YAML${line}: ${(err as Error).message.split('\n')[0]}`, [{ path: where, message: 'not valid JSON or YAML' }]);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw AppError.invalid(`${where}: a suite is an object with "checks"`, [{ path: where, message: 'expected an object' }]);
  return parseInput(qualitySuiteSchema, value, where);
}

const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const NUMBER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/;

/** Does a column of DuckDB type `actual` satisfy `expected` (a family of TYPE_FAMILIES or a DuckDB type)? */
export function typeMatches(expected: string, actual: string): boolean {
  const e = expected.trim().toLowerCase();
  const a = actual.toUpperCase();
  switch (e as (typeof TYPE_FAMILIES)[number]) {
    case 'integer':
      return INTEGER.test(a);
    case 'number':
      return NUMBER.test(a);
    case 'string':
      return a === 'VARCHAR' || a.startsWith('ENUM') || a === 'UUID';
    case 'boolean':
      return a === 'BOOLEAN';
    case 'date':
      return a === 'DATE';
    case 'timestamp':
      return a.startsWith('TIMESTAMP');
    case 'time':
      return a.startsWith('TIME') && !a.startsWith('TIMESTAMP');
    default:
      return e.toUpperCase() === a;
  }
}
