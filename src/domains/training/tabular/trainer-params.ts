/**
 * Each built-in model's hyperparameters: names, defaults and bounds. Values may arrive as
 * strings (`--params trees=200`), so numbers and booleans are coerced; an unknown name is
 * refused rather than ignored, so a typo never trains with the default silently.
 */
import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { parseInput } from '../../../core/validation.js';

const int = (min: number, max: number, def: number) => z.coerce.number().int().min(min).max(max).default(def);
const num = (min: number, max: number, def: number) => z.coerce.number().min(min).max(max).default(def);
const bool = (def: boolean) =>
  z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
    .transform((v) => v === true || v === 'true' || v === '1')
    .default(def);
const hidden = z
  .union([z.number().int().min(1).max(4096), z.string().regex(/^\d+(,\d+)*$/, 'layer sizes like 64 or 64,32'), z.array(z.number().int().min(1).max(4096))])
  .transform((v) => (typeof v === 'number' ? [v] : typeof v === 'string' ? v.split(',').map(Number) : v))
  .refine((v) => v.length <= 4 && v.every((n) => n >= 1 && n <= 4096), 'at most 4 layers of 1–4096 units')
  .default([32]);

const seed = int(0, 2 ** 31 - 1, 42);

export const TRAINER_PARAMS = {
  logreg: z.strictObject({ epochs: int(1, 100_000, 300), learning_rate: num(1e-6, 10, 0.1), l2: num(0, 100, 1e-4), seed }),
  mlp: z.strictObject({ hidden, epochs: int(1, 100_000, 100), learning_rate: num(1e-6, 10, 0.01), batch_size: int(1, 1_000_000, 32), l2: num(0, 100, 1e-4), seed }),
  forest: z.strictObject({ trees: int(1, 5000, 100), max_depth: int(1, 64, 16), min_samples_leaf: int(1, 100_000, 1), max_features: num(0, 1, 0), bootstrap: bool(true), seed }),
  gbdt: z.strictObject({ rounds: int(1, 10_000, 100), learning_rate: num(1e-6, 10, 0.1), max_depth: int(1, 32, 3), min_samples_leaf: int(1, 100_000, 1), subsample: num(0.01, 1, 1), seed }),
} as const;

export type TabularModelKind = keyof typeof TRAINER_PARAMS;
export const TABULAR_MODELS = Object.keys(TRAINER_PARAMS) as TabularModelKind[];
export type TrainerParams<K extends TabularModelKind> = z.output<(typeof TRAINER_PARAMS)[K]>;

export function parseTrainerParams<K extends TabularModelKind>(model: K, params: Record<string, unknown>): TrainerParams<K> {
  try {
    return parseInput(TRAINER_PARAMS[model], params, 'params') as TrainerParams<K>;
  } catch (err) {
    // Name what the model does take, so a typo is one look away from its fix.
    if (err instanceof AppError) throw new AppError(err.code, `${err.message} (${model} takes: ${Object.keys(TRAINER_PARAMS[model].shape).join(', ')})`, { details: err.details });
    throw err;
  }
}
