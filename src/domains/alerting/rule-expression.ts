import { AppError } from '../../core/errors.js';

/**
 * The alert rule language: a small PromQL-like expression over the latest value of each
 * signal series, e.g. `error_rate > 0.05`, `accuracy < accuracy_baseline - 0.05`,
 * `drift_detected{monitor="churn", column!="id"} == 1 and drift_share > 0.3`.
 *
 * Written by hand rather than with jsep/expr-eval/filtrex: none of them parses label
 * matchers in braces, and the evaluation is over label-matched vectors, not scalars,
 * so only their tokenizers would have been reused. Nothing here ever calls eval.
 */
export type CompareOp = '>' | '<' | '>=' | '<=' | '==' | '!=';
export type ArithOp = '+' | '-' | '*' | '/';

export interface LabelMatcher {
  label: string;
  op: '=' | '!=';
  value: string;
}

export type RuleExpr =
  | { kind: 'number'; value: number }
  | { kind: 'selector'; metric: string; matchers: LabelMatcher[] }
  | { kind: 'arith'; op: ArithOp; left: RuleExpr; right: RuleExpr }
  | { kind: 'compare'; op: CompareOp; left: RuleExpr; right: RuleExpr }
  | { kind: 'logic'; op: 'and' | 'or'; left: RuleExpr; right: RuleExpr }
  | { kind: 'neg'; operand: RuleExpr };

type Token = { t: 'num'; v: number; at: number } | { t: 'ident'; v: string; at: number } | { t: 'str'; v: string; at: number } | { t: 'op'; v: string; at: number };

export const MAX_EXPRESSION_LENGTH = 1000;
const MAX_DEPTH = 32;
const OPS = ['>=', '<=', '==', '!=', '&&', '||', '>', '<', '+', '-', '*', '/', '(', ')', '{', '}', ',', '='];

function fail(message: string, at: number): never {
  throw new AppError('INVALID_ARGUMENT', `expr: ${message} at position ${at + 1}`, { details: { fields: [{ path: 'expr', message }] } });
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?(%?)/i.exec(src.slice(i));
    if (num) {
      const text = num[0];
      const value = Number(num[1] ? text.slice(0, -1) : text) / (num[1] ? 100 : 1);
      out.push({ t: 'num', v: value, at: i });
      i += text.length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_:]*/.exec(src.slice(i));
    if (ident) {
      out.push({ t: 'ident', v: ident[0], at: i });
      i += ident[0].length;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        value += src[j];
        j++;
      }
      if (j >= src.length) fail('unterminated string', i);
      out.push({ t: 'str', v: value, at: i });
      i = j + 1;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) fail(`unexpected character '${c}'`, i);
    out.push({ t: 'op', v: op, at: i });
    i += op.length;
  }
  return out;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private here(): number {
    return this.peek()?.at ?? this.length;
  }
  private isOp(...ops: string[]): string | undefined {
    const tok = this.peek();
    if (tok?.t === 'op' && ops.includes(tok.v)) return tok.v;
    if (tok?.t === 'ident' && ops.includes(tok.v)) return tok.v;
    return undefined;
  }
  private expectOp(op: string): void {
    if (!this.isOp(op)) fail(`expected '${op}'`, this.here());
    this.pos++;
  }

  parseAll(): RuleExpr {
    if (this.tokens.length === 0) fail('is empty', 0);
    const expr = this.or(0);
    if (this.pos < this.tokens.length) fail('unexpected token', this.here());
    return expr;
  }

  private or(depth: number): RuleExpr {
    let left = this.and(depth);
    while (this.isOp('or', '||')) {
      this.pos++;
      left = { kind: 'logic', op: 'or', left, right: this.and(depth) };
    }
    return left;
  }
  private and(depth: number): RuleExpr {
    let left = this.compare(depth);
    while (this.isOp('and', '&&')) {
      this.pos++;
      left = { kind: 'logic', op: 'and', left, right: this.compare(depth) };
    }
    return left;
  }
  private compare(depth: number): RuleExpr {
    const left = this.additive(depth);
    const op = this.isOp('>=', '<=', '==', '!=', '>', '<');
    if (!op) return left;
    this.pos++;
    return { kind: 'compare', op: op as CompareOp, left, right: this.additive(depth) };
  }
  private additive(depth: number): RuleExpr {
    let left = this.multiplicative(depth);
    for (let op = this.isOp('+', '-'); op; op = this.isOp('+', '-')) {
      this.pos++;
      left = { kind: 'arith', op: op as ArithOp, left, right: this.multiplicative(depth) };
    }
    return left;
  }
  private multiplicative(depth: number): RuleExpr {
    let left = this.unary(depth);
    for (let op = this.isOp('*', '/'); op; op = this.isOp('*', '/')) {
      this.pos++;
      left = { kind: 'arith', op: op as ArithOp, left, right: this.unary(depth) };
    }
    return left;
  }
  private unary(depth: number): RuleExpr {
    if (depth > MAX_DEPTH) fail('is nested too deeply', this.here());
    if (this.isOp('-')) {
      this.pos++;
      return { kind: 'neg', operand: this.unary(depth + 1) };
    }
    return this.primary(depth);
  }
  private primary(depth: number): RuleExpr {
    const tok = this.peek();
    if (!tok) fail('ends too early', this.length);
    if (tok.t === 'num') {
      this.pos++;
      return { kind: 'number', value: tok.v };
    }
    if (tok.t === 'op' && tok.v === '(') {
      this.pos++;
      const inner = this.or(depth + 1);
      this.expectOp(')');
      return inner;
    }
    if (tok.t === 'ident' && tok.v !== 'and' && tok.v !== 'or') {
      this.pos++;
      return { kind: 'selector', metric: tok.v, matchers: this.isOp('{') ? this.matchers() : [] };
    }
    fail('expected a number, a metric or (', tok.at);
  }
  private matchers(): LabelMatcher[] {
    this.expectOp('{');
    const out: LabelMatcher[] = [];
    while (!this.isOp('}')) {
      const label = this.peek();
      if (label?.t !== 'ident') fail('expected a label name', this.here());
      this.pos++;
      const op = this.isOp('=', '!=');
      if (!op) fail("expected '=' or '!='", this.here());
      this.pos++;
      const value = this.peek();
      if (value?.t !== 'str') fail('expected a quoted label value', this.here());
      this.pos++;
      out.push({ label: label.v, op: op as '=' | '!=', value: value.v });
      if (!this.isOp(',')) break;
      this.pos++;
    }
    this.expectOp('}');
    return out;
  }
}

/** Parses a rule expression; INVALID_ARGUMENT (field `expr`) with the position of the first error. */
export function parseRuleExpression(src: string): RuleExpr {
  if (src.length > MAX_EXPRESSION_LENGTH) fail(`is longer than ${MAX_EXPRESSION_LENGTH} characters`, MAX_EXPRESSION_LENGTH);
  const expr = new Parser(tokenize(src), src.length).parseAll();
  if (expr.kind === 'number' || expr.kind === 'arith' || expr.kind === 'neg') fail('must be a condition (a comparison, and/or, or a metric)', 0);
  return expr;
}

const cache = new Map<string, RuleExpr>();

/** parseRuleExpression, remembered per text: stored rules are parsed on every evaluation. */
export function parseCached(src: string): RuleExpr {
  let e = cache.get(src);
  if (!e) {
    e = parseRuleExpression(src);
    if (cache.size >= 1000) cache.clear();
    cache.set(src, e);
  }
  return e;
}

/** Metric names an expression reads, so evaluation loads only those series. */
export function referencedMetrics(expr: RuleExpr, into = new Set<string>()): Set<string> {
  switch (expr.kind) {
    case 'selector':
      into.add(expr.metric);
      break;
    case 'neg':
      referencedMetrics(expr.operand, into);
      break;
    case 'number':
      break;
    default:
      referencedMetrics(expr.left, into);
      referencedMetrics(expr.right, into);
  }
  return into;
}
