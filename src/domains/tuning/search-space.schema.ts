import { z } from 'zod';

/**
 * The search space of a study: one named distribution per parameter. Conditional
 * parameters name the parameter (and its values) that switch them on, so a space
 * such as `{optimizer: sgd|adam, momentum (only for sgd)}` is one JSON document.
 * Pure zod: the SDK and the CLI read it as types.
 */

export const PARAM_NAME = /^[A-Za-z_][\w.\-/]{0,127}$/;
export const MAX_PARAMS = 64;
export const MAX_CHOICES = 1000;

const choiceSchema = z.union([z.string().max(500), z.number().refine(Number.isFinite, 'must be finite'), z.boolean()]);
export type Choice = z.infer<typeof choiceSchema>;

const conditionSchema = z.strictObject({
  /** The parameter this one depends on. */
  param: z.string().regex(PARAM_NAME),
  /** The values of `param` for which this parameter is sampled. */
  values: z.array(choiceSchema).min(1).max(MAX_CHOICES),
});
export type Condition = z.infer<typeof conditionSchema>;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const floatSchema = z.strictObject({
  type: z.literal('float'),
  low: finite,
  high: finite,
  log: z.boolean().default(false),
  step: z.number().positive().refine(Number.isFinite, 'must be finite').optional(),
  condition: conditionSchema.optional(),
});

const intSchema = z.strictObject({
  type: z.literal('int'),
  low: z.number().int().min(-(2 ** 52)).max(2 ** 52),
  high: z.number().int().min(-(2 ** 52)).max(2 ** 52),
  log: z.boolean().default(false),
  step: z.number().int().positive().optional(),
  condition: conditionSchema.optional(),
});

const categoricalSchema = z.strictObject({
  type: z.literal('categorical'),
  choices: z.array(choiceSchema).min(1).max(MAX_CHOICES),
  condition: conditionSchema.optional(),
});

export const distributionSchema = z.discriminatedUnion('type', [floatSchema, intSchema, categoricalSchema]);
export type Distribution = z.output<typeof distributionSchema>;
export type DistributionInput = z.input<typeof distributionSchema>;
export type FloatDistribution = z.output<typeof floatSchema>;
export type IntDistribution = z.output<typeof intSchema>;
export type CategoricalDistribution = z.output<typeof categoricalSchema>;

function sameChoice(a: Choice, b: Choice): boolean {
  return a === b;
}

/** Checks a distribution's own bounds; issues carry the field path under the parameter. */
function checkDistribution(name: string, d: Distribution, ctx: z.RefinementCtx): void {
  const at = (field: string): PropertyKey[] => [name, field];
  if (d.type === 'categorical') {
    const seen = new Set<string>();
    d.choices.forEach((c, i) => {
      const key = `${typeof c}:${String(c)}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [name, 'choices', i], message: `duplicate choice ${JSON.stringify(c)}` });
      seen.add(key);
    });
    return;
  }
  if (d.high < d.low) ctx.addIssue({ code: 'custom', path: at('high'), message: `must be ≥ low (${d.low})` });
  if (d.log && d.low <= 0) ctx.addIssue({ code: 'custom', path: at('low'), message: 'must be > 0 when log is true' });
  if (d.log && d.step !== undefined && !(d.type === 'int' && d.step === 1)) {
    ctx.addIssue({ code: 'custom', path: at('step'), message: 'cannot be combined with log (except step 1 for int)' });
  }
  if (d.step !== undefined && d.high >= d.low) {
    const n = (d.high - d.low) / d.step;
    if (Math.abs(n - Math.round(n)) > 1e-8 * Math.max(1, n)) ctx.addIssue({ code: 'custom', path: at('step'), message: `(high − low) must be a multiple of step (${d.step})` });
  }
}

/** Conditions must point at an earlier-resolvable categorical/int parameter and never form a cycle. */
function checkConditions(space: Record<string, Distribution>, ctx: z.RefinementCtx): void {
  for (const [name, d] of Object.entries(space)) {
    if (!d.condition) continue;
    const parent = space[d.condition.param];
    if (!parent) {
      ctx.addIssue({ code: 'custom', path: [name, 'condition', 'param'], message: `names no parameter of the space ('${d.condition.param}')` });
      continue;
    }
    if (d.condition.param === name) {
      ctx.addIssue({ code: 'custom', path: [name, 'condition', 'param'], message: 'a parameter cannot depend on itself' });
      continue;
    }
    if (parent.type === 'categorical') {
      d.condition.values.forEach((v, i) => {
        if (!parent.choices.some((c) => sameChoice(c, v))) ctx.addIssue({ code: 'custom', path: [name, 'condition', 'values', i], message: `${JSON.stringify(v)} is not a choice of '${d.condition?.param}'` });
      });
    } else if (parent.type === 'float') {
      ctx.addIssue({ code: 'custom', path: [name, 'condition', 'param'], message: `'${d.condition.param}' is a float: conditions need a categorical or int parameter` });
    }
  }
  // Cycle check: follow each chain of conditions; a chain longer than the space loops.
  for (const name of Object.keys(space)) {
    let current = space[name]?.condition?.param;
    let hops = 0;
    while (current !== undefined && hops <= Object.keys(space).length) {
      if (current === name) {
        ctx.addIssue({ code: 'custom', path: [name, 'condition', 'param'], message: 'conditions form a cycle' });
        break;
      }
      current = space[current]?.condition?.param;
      hops++;
    }
  }
}

export const searchSpaceSchema = z
  .record(z.string().regex(PARAM_NAME, 'parameter names start with a letter or underscore and hold letters, digits, _ . - /'), distributionSchema)
  .refine((s) => Object.keys(s).length >= 1, 'must define at least one parameter')
  .refine((s) => Object.keys(s).length <= MAX_PARAMS, `may define at most ${MAX_PARAMS} parameters`)
  .superRefine((space, ctx) => {
    for (const [name, d] of Object.entries(space)) checkDistribution(name, d, ctx);
    checkConditions(space, ctx);
  });
export type SearchSpace = z.output<typeof searchSpaceSchema>;
export type SearchSpaceInput = z.input<typeof searchSpaceSchema>;

export type ParamValue = Choice;
export type ParamSet = Record<string, ParamValue>;
