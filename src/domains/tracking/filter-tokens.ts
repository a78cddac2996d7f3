import { AppError } from '../../core/errors.js';

/**
 * The lexer shared by MLflow's filter and order-by grammars. An identifier is
 * `entity.key`, where the key may be quoted with backticks or double quotes
 * (`metrics."my acc"`, ``params.`a.b` ``) so keys with spaces or dots work.
 */
export type Token =
  | { type: 'ident'; text: string; pos: number; entity: string | null; key: string }
  | { type: 'string'; text: string; pos: number; value: string }
  | { type: 'number'; text: string; pos: number; value: number }
  | { type: 'op'; text: string; pos: number }
  | { type: 'punct'; text: '(' | ')' | ','; pos: number }
  | { type: 'eof'; text: ''; pos: number };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;
const WORD = /^[A-Za-z_][\w.:/-]*/;
const OPERATORS = ['!=', '<>', '>=', '<=', '==', '=', '>', '<'] as const;

export function syntaxError(what: string, source: string, token: { pos: number; text: string }, expected: string): AppError {
  const near = token.text === '' ? 'end of input' : `'${token.text}'`;
  return new AppError('INVALID_ARGUMENT', `invalid ${what} at position ${token.pos} near ${near}: expected ${expected}`, {
    details: { fields: [{ path: what, message: `expected ${expected}` }], position: token.pos, token: token.text, source },
  });
}

function readQuoted(source: string, start: number, quote: string, what: string): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\\' && i + 1 < source.length) {
      value += source[i + 1];
      i += 2;
      continue;
    }
    if (c === quote) {
      // SQL style: a doubled quote stands for one.
      if (source[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += c;
    i++;
  }
  throw syntaxError(what, source, { pos: start, text: source.slice(start, start + 20) }, `a closing ${quote}`);
}

export function tokenize(source: string, what: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = source.slice(i);
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: 'punct', text: c, pos: i });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (op) {
      tokens.push({ type: 'op', text: op === '<>' ? '!=' : op === '==' ? '=' : op, pos: i });
      i += op.length;
      continue;
    }
    if (c === "'" || c === '"') {
      const { value, end } = readQuoted(source, i, c, what);
      tokens.push({ type: 'string', text: source.slice(i, end), pos: i, value });
      i = end;
      continue;
    }
    if (c === '`') {
      // A whole identifier in backticks: `metrics.acc` is not valid, only a quoted key after a prefix.
      const { value, end } = readQuoted(source, i, '`', what);
      tokens.push({ type: 'ident', text: source.slice(i, end), pos: i, entity: null, key: value });
      i = end;
      continue;
    }
    const num = NUMBER.exec(rest);
    if (num && !/^[A-Za-z_]/.test(rest.slice(num[0].length))) {
      tokens.push({ type: 'number', text: num[0], pos: i, value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      let text = word[0];
      let end = i + text.length;
      const dot = text.indexOf('.');
      let entity: string | null = dot >= 0 ? text.slice(0, dot) : null;
      let key = dot >= 0 ? text.slice(dot + 1) : text;
      const next = source[end];
      if (dot === text.length - 1 && (next === '`' || next === '"')) {
        const quoted = readQuoted(source, end, next, what);
        entity = text.slice(0, -1);
        key = quoted.value;
        text = source.slice(i, quoted.end);
        end = quoted.end;
      }
      tokens.push({ type: 'ident', text, pos: i, entity, key });
      i = end;
      continue;
    }
    throw syntaxError(what, source, { pos: i, text: c }, 'an identifier, operator or value');
  }
  tokens.push({ type: 'eof', text: '', pos: source.length });
  return tokens;
}

/** A keyword is an unprefixed identifier, compared case-insensitively. */
export function isKeyword(token: Token, word: string): boolean {
  return token.type === 'ident' && token.entity === null && !token.text.startsWith('`') && token.key.toUpperCase() === word;
}

export const ENTITY_ALIASES: Readonly<Record<string, 'metric' | 'param' | 'tag' | 'attribute' | 'dataset'>> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};
