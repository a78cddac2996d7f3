import type { z } from 'zod';
import { parseInput } from '../../core/validation.js';
import { chatCompletionRequestSchema } from './openai-schemas.js';

type ChatBody = z.output<typeof chatCompletionRequestSchema>;

const PLAIN_ROLES = new Set(['system', 'developer', 'user', 'assistant']);
/** Every top-level field the schema checks; a body using one the fast path does not check goes to zod. */
const SCHEMA_KEYS = new Set(Object.keys(chatCompletionRequestSchema.shape));

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const nullish = (v: unknown): boolean => v === null || v === undefined;
const intIn = (v: unknown, min: number, max: number): boolean => nullish(v) || (Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max);
const numIn = (v: unknown, min: number, max: number): boolean => nullish(v) || (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max);

/** A text message (role, string content, optional name): what nearly every chat call sends. */
function plainMessage(m: unknown): boolean {
  if (!isPlainObject(m)) return false;
  for (const k in m) {
    const v = m[k];
    if (k === 'role') {
      if (typeof v !== 'string' || !PLAIN_ROLES.has(v)) return false;
    } else if (k === 'content') {
      if (typeof v !== 'string') return false;
    } else if (k === 'name') {
      if (typeof v !== 'string') return false;
    } else return false;
  }
  return typeof m['content'] === 'string' && typeof m['role'] === 'string';
}

/** The checks of the top-level fields the fast path knows; false for any other schema field. */
function plainField(k: string, v: unknown): boolean {
  switch (k) {
    case 'model':
      return typeof v === 'string' && v.length >= 1 && v.length <= 512;
    case 'messages':
      if (!Array.isArray(v) || v.length < 1) return false;
      for (const m of v) if (!plainMessage(m)) return false;
      return true;
    case 'stream':
      return nullish(v) || typeof v === 'boolean';
    case 'stream_options':
      // A loose object: other keys pass through to the provider.
      return nullish(v) || (isPlainObject(v) && (v['include_usage'] === undefined || typeof v['include_usage'] === 'boolean'));
    case 'n':
      return intIn(v, 1, 128);
    case 'max_tokens':
    case 'max_completion_tokens':
      return intIn(v, 1, 10_000_000);
    case 'seed':
      return intIn(v, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    case 'temperature':
      return numIn(v, 0, 2);
    case 'top_p':
      return numIn(v, 0, 1);
    case 'user':
      return typeof v === 'string';
    default:
      return false;
  }
}

/**
 * `chatCompletionRequestSchema`'s parse on the hot path. A body of plain text messages and
 * the common sampling fields is checked by hand (a fraction of zod's time) and passed on as
 * parsed, unknown fields included, as the loose schema does; every other body, valid or not,
 * goes through the schema, so answers and errors stay the schema's own.
 */
export function parseChatBody(value: unknown): ChatBody {
  fast: if (isPlainObject(value) && 'model' in value && 'messages' in value) {
    for (const k in value) if (SCHEMA_KEYS.has(k) && !plainField(k, value[k])) break fast;
    return value as ChatBody;
  }
  return parseInput(chatCompletionRequestSchema, value, 'body');
}
