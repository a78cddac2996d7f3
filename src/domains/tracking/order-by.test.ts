import { describe, expect, it } from 'vitest';
import { parseOrderBy } from './order-by.js';

describe('parseOrderBy', () => {
  it('parses entity, key and direction (ascending by default)', () => {
    expect(parseOrderBy(['metrics.acc DESC', 'attributes.start_time', 'params.lr ASC', 'tags.`my tag` desc', 'start_time'])).toEqual([
      { entity: 'metric', key: 'acc', ascending: false },
      { entity: 'attribute', key: 'start_time', ascending: true },
      { entity: 'param', key: 'lr', ascending: true },
      { entity: 'tag', key: 'my tag', ascending: false },
      { entity: 'attribute', key: 'start_time', ascending: true },
    ]);
    expect(parseOrderBy(['name', 'last_update_time DESC'], 'experiments')).toEqual([
      { entity: 'attribute', key: 'name', ascending: true },
      { entity: 'attribute', key: 'last_update_time', ascending: false },
    ]);
  });

  it('refuses unknown attributes, entities and trailing words', () => {
    expect(() => parseOrderBy(['attributes.colour'])).toThrow(/attribute must be one of/);
    expect(() => parseOrderBy(['datasets.name'])).toThrow(/position 0/);
    expect(() => parseOrderBy(['metrics.acc DESC extra'])).toThrow(/position 17 near 'extra'/);
    expect(() => parseOrderBy(['metrics.acc'], 'experiments')).toThrow(/experiment attribute/);
    expect(() => parseOrderBy([''])).toThrow(/INVALID|orderBy/);
  });
});
