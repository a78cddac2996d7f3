import {
  DATASET_FIELDS,
  EXPERIMENT_NUMERIC_ATTRIBUTES,
  EXPERIMENT_STRING_ATTRIBUTES,
  RUN_NUMERIC_ATTRIBUTES,
  RUN_STRING_ATTRIBUTES,
  type ComparisonOp,
  type FilterClause,
  type FilterEntity,
} from './tracking.store.js';
import { ENTITY_ALIASES, isKeyword, syntaxError, tokenize, type Token } from './filter-tokens.js';

/**
 * MLflow's search grammar: clauses joined by AND (MLflow has no OR), e.g.
 * `metrics.acc > 0.9 and params.lr = '0.01' and tags.x != 'y' and attributes.status = 'FINISHED'`.
 * Metric and time values are numbers; param, tag and other attribute values
 * are quoted strings. A mistake is INVALID_ARGUMENT naming its position and token.
 */
export type FilterTarget = 'runs' | 'experiments';

const NUMERIC_OPS = new Set<string>(['=', '!=', '>', '>=', '<', '<=']);
const STRING_OPS = new Set<string>(['=', '!=', 'LIKE', 'ILIKE']);
const ATTRIBUTE_ALIASES: Readonly<Record<string, string>> = { created: 'start_time', Created: 'start_time', run_name: 'run_name', 'run name': 'run_name' };

interface Target {
  strings: readonly string[];
  numbers: readonly string[];
  entities: ReadonlySet<FilterEntity>;
}

const TARGETS: Record<FilterTarget, Target> = {
  runs: { strings: RUN_STRING_ATTRIBUTES, numbers: RUN_NUMERIC_ATTRIBUTES, entities: new Set(['metric', 'param', 'tag', 'attribute', 'dataset']) },
  experiments: { strings: EXPERIMENT_STRING_ATTRIBUTES, numbers: EXPERIMENT_NUMERIC_ATTRIBUTES, entities: new Set(['tag', 'attribute']) },
};

export function parseSearchFilter(source: string, target: FilterTarget = 'runs'): FilterClause[] {
  return new FilterParser(source, TARGETS[target], target).parse();
}

class FilterParser {
  private readonly tokens: Token[];
  private i = 0;

  constructor(
    private readonly source: string,
    private readonly target: Target,
    private readonly targetName: FilterTarget,
  ) {
    this.tokens = tokenize(source, 'filter');
  }

  parse(): FilterClause[] {
    if (this.peek().type === 'eof') return [];
    const clauses = [this.clause()];
    while (isKeyword(this.peek(), 'AND')) {
      this.next();
      clauses.push(this.clause());
    }
    const end = this.peek();
    if (end.type !== 'eof') throw this.error(end, isKeyword(end, 'OR') ? 'AND (OR is not supported)' : 'AND or the end of the filter');
    return clauses;
  }

  private peek(): Token {
    return this.tokens[this.i] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.type !== 'eof') this.i++;
    return t;
  }

  private error(token: Token, expected: string) {
    return syntaxError('filter', this.source, token, expected);
  }

  private clause(): FilterClause {
    const ident = this.next();
    if (ident.type !== 'ident' || (ident.entity === null && ['AND', 'OR', 'NOT', 'IN', 'IS', 'LIKE', 'ILIKE', 'NULL'].includes(ident.key.toUpperCase()))) {
      throw this.error(ident, 'an identifier such as metrics.<key>, params.<key>, tags.<key> or attributes.<name>');
    }
    const { entity, key, numeric } = this.resolve(ident);
    const opToken = this.next();

    if (isKeyword(opToken, 'IS')) {
      const negated = isKeyword(this.peek(), 'NOT');
      if (negated) this.next();
      const nul = this.next();
      if (!isKeyword(nul, 'NULL')) throw this.error(nul, 'NULL');
      if (entity === 'dataset' || (entity === 'attribute' && key !== 'end_time')) throw this.error(opToken, `a comparison (IS NULL applies to metrics, params, tags and end_time)`);
      return { kind: 'null', entity, key, negated };
    }
    if (isKeyword(opToken, 'IN') || isKeyword(opToken, 'NOT')) {
      const negated = isKeyword(opToken, 'NOT');
      if (negated && !isKeyword(this.next(), 'IN')) throw this.error(this.tokens[this.i - 1] as Token, 'IN after NOT');
      if ((entity !== 'attribute' && entity !== 'dataset') || numeric) throw this.error(opToken, 'a comparison (IN applies to string attributes and datasets)');
      return { kind: 'in', entity, key, negated, values: this.list() };
    }
    const op = this.operator(opToken);
    if (numeric) {
      if (!NUMERIC_OPS.has(op)) throw this.error(opToken, `one of ${[...NUMERIC_OPS].join(' ')} for the numeric ${ident.text}`);
      const value = this.next();
      if (value.type !== 'number') throw this.error(value, `a number for ${ident.text}`);
      return { kind: 'compare', entity, key, op, value: value.value };
    }
    if (!STRING_OPS.has(op)) throw this.error(opToken, `one of = != LIKE ILIKE for ${ident.text}`);
    const value = this.next();
    if (value.type !== 'string') throw this.error(value, `a quoted string for ${ident.text}`);
    return { kind: 'compare', entity, key, op, value: value.value };
  }

  private operator(token: Token): ComparisonOp {
    if (token.type === 'op') return token.text as ComparisonOp;
    if (isKeyword(token, 'LIKE')) return 'LIKE';
    if (isKeyword(token, 'ILIKE')) return 'ILIKE';
    throw this.error(token, 'a comparison operator (= != > >= < <= LIKE ILIKE IN IS)');
  }

  private list(): string[] {
    const open = this.next();
    if (open.type !== 'punct' || open.text !== '(') throw this.error(open, "'(' to start the IN list");
    const values: string[] = [];
    for (;;) {
      const v = this.next();
      if (v.type !== 'string') throw this.error(v, 'a quoted string in the IN list');
      values.push(v.value);
      const sep = this.next();
      if (sep.type === 'punct' && sep.text === ')') return values;
      if (sep.type !== 'punct' || sep.text !== ',') throw this.error(sep, "',' or ')' in the IN list");
    }
  }

  private resolve(ident: Extract<Token, { type: 'ident' }>): { entity: FilterEntity; key: string; numeric: boolean } {
    let entity: FilterEntity | undefined;
    let key = ident.key;
    if (ident.entity === null) {
      // A bare name is an attribute (`status = 'FINISHED'`, `name LIKE 'a%'` for experiments).
      entity = 'attribute';
    } else {
      entity = ENTITY_ALIASES[ident.entity.toLowerCase()];
      if (!entity || !this.target.entities.has(entity)) {
        const allowed = [...this.target.entities].map((e) => `${e}s.`).join(', ');
        throw this.error(ident, `an identifier starting with ${allowed} (searching ${this.targetName})`);
      }
    }
    if (key === '') throw this.error(ident, 'a key after the entity prefix');
    if (entity === 'attribute') {
      key = ATTRIBUTE_ALIASES[key] ?? key;
      if (this.target.numbers.includes(key)) return { entity, key, numeric: true };
      if (this.target.strings.includes(key)) return { entity, key, numeric: false };
      throw this.error(ident, `an attribute among ${[...this.target.strings, ...this.target.numbers].join(', ')}`);
    }
    if (entity === 'dataset') {
      if (!(DATASET_FIELDS as readonly string[]).includes(key)) throw this.error(ident, `datasets.name, datasets.digest or datasets.context`);
      return { entity, key, numeric: false };
    }
    return { entity, key, numeric: entity === 'metric' };
  }
}
