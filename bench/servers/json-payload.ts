/**
 * The JSON POST case, shared by every framework server so that only the framework differs:
 * the same hand-written validation (no schema library) and the same response.
 */

export interface RunPayload {
  name: string;
  values: number[];
}

export type Validation = { ok: true; payload: RunPayload } | { ok: false; error: string };

export function validatePayload(body: unknown): Validation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, error: 'body must be a JSON object' };
  const { name, values } = body as Record<string, unknown>;
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) return { ok: false, error: 'name must be a string of 1–200 characters' };
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return { ok: false, error: 'values must be an array of finite numbers' };
  }
  return { ok: true, payload: { name, values: values as number[] } };
}

export function summarise(payload: RunPayload): { ok: true; name: string; count: number; mean: number } {
  const sum = payload.values.reduce((a, b) => a + b, 0);
  return { ok: true, name: payload.name, count: payload.values.length, mean: payload.values.length ? sum / payload.values.length : 0 };
}

/** About 1 KB: a name, some tags and params like a tracking call would carry, and 120 metric values. */
export function samplePayload(): string {
  const values = Array.from({ length: 120 }, (_, i) => Math.round(Math.sin(i) * 1e4) / 1e4);
  return JSON.stringify({
    name: 'resnet50-finetune-run-0042',
    tags: { team: 'vision', dataset: 'imagenet-subset', commit: '9f3c2ab' },
    params: { lr: 0.0003, batchSize: 64, epochs: 12, optimizer: 'adamw' },
    values,
  });
}
