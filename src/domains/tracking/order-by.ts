import { AppError } from '../../core/errors.js';
import { ENTITY_ALIASES, isKeyword, syntaxError, tokenize } from './filter-tokens.js';
import { EXPERIMENT_NUMERIC_ATTRIBUTES, EXPERIMENT_STRING_ATTRIBUTES, RUN_NUMERIC_ATTRIBUTES, RUN_STRING_ATTRIBUTES, type OrderByClause } from './tracking.store.js';

/**
 * MLflow's order_by entries: `metrics.acc DESC`, `attributes.start_time`,
 * `params.lr ASC`, ``tags.`my tag` ``. Ascending unless DESC is given.
 */
export function parseOrderBy(entries: readonly string[], target: 'runs' | 'experiments' = 'runs'): OrderByClause[] {
  const attributes: readonly string[] =
    target === 'runs' ? [...RUN_STRING_ATTRIBUTES, ...RUN_NUMERIC_ATTRIBUTES] : [...EXPERIMENT_STRING_ATTRIBUTES, ...EXPERIMENT_NUMERIC_ATTRIBUTES];
  return entries.map((entry) => {
    const tokens = tokenize(entry, 'orderBy');
    const ident = tokens[0];
    if (!ident || ident.type !== 'ident') throw syntaxError('orderBy', entry, ident ?? { pos: 0, text: '' }, 'an identifier such as metrics.<key> or attributes.start_time');
    let ascending = true;
    const dir = tokens[1];
    let end = 1;
    if (dir && (isKeyword(dir, 'ASC') || isKeyword(dir, 'DESC'))) {
      ascending = isKeyword(dir, 'ASC');
      end = 2;
    }
    const rest = tokens[end];
    if (rest && rest.type !== 'eof') throw syntaxError('orderBy', entry, rest, 'ASC, DESC or the end of the entry');

    const entity = ident.entity === null ? 'attribute' : ENTITY_ALIASES[ident.entity.toLowerCase()];
    const key = ident.key === 'created' || ident.key === 'Created' ? 'start_time' : ident.key;
    if (entity === 'attribute') {
      if (!attributes.includes(key)) throw AppError.invalid(`invalid orderBy '${entry}': attribute must be one of ${attributes.join(', ')}`, [{ path: 'orderBy', message: 'unknown attribute' }]);
      return { entity, key, ascending };
    }
    const allowed: readonly string[] = target === 'experiments' ? ['tag'] : ['metric', 'param', 'tag'];
    if (entity === undefined || entity === 'dataset' || !allowed.includes(entity)) {
      throw syntaxError('orderBy', entry, ident, target === 'runs' ? 'metrics.<key>, params.<key>, tags.<key> or attributes.<name>' : 'an experiment attribute or tags.<key>');
    }
    if (key === '') throw syntaxError('orderBy', entry, ident, 'a key after the entity prefix');
    return { entity, key, ascending };
  });
}
