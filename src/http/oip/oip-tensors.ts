import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { parseInput } from '../../core/validation.js';
import type { TensorSpec, TensorType, TensorValue } from '../../core/ports/model-runtime.js';
import { dataJsonText, dataToJson } from '../../domains/serving/index.js';

/** Open Inference Protocol v2 datatypes ↔ Keel tensor types. */
const FROM_OIP: Record<string, TensorType> = { BOOL: 'bool', UINT8: 'uint8', INT8: 'int8', INT32: 'int32', INT64: 'int64', FP32: 'float32', FP64: 'float64', BYTES: 'string' };
const TO_OIP: Record<TensorType, string> = { bool: 'BOOL', uint8: 'UINT8', int8: 'INT8', int32: 'INT32', int64: 'INT64', float32: 'FP32', float64: 'FP64', string: 'BYTES' };
const KNOWN_UNSUPPORTED = new Set(['UINT16', 'UINT32', 'UINT64', 'INT16', 'FP16', 'BF16']);

export const MAX_ELEMENTS = 4_000_000;

const tensorSchema = z.object({
  name: z.string().min(1).max(256),
  shape: z.array(z.number().int().min(0).max(MAX_ELEMENTS)).max(16),
  datatype: z.string().min(1).max(16),
  parameters: z.record(z.string().max(256), z.unknown()).optional(),
  data: z.array(z.unknown()).max(MAX_ELEMENTS),
});

export const inferRequestSchema = z.object({
  id: z.string().max(128).optional(),
  parameters: z.record(z.string().max(256), z.unknown()).optional(),
  inputs: z.array(tensorSchema).min(1).max(256),
  outputs: z.array(z.object({ name: z.string().min(1).max(256), parameters: z.record(z.string().max(256), z.unknown()).optional() })).max(256).optional(),
});
export type OipInferRequest = z.infer<typeof inferRequestSchema>;

const TENSOR_KEYS = new Set(['name', 'shape', 'datatype', 'data']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The usual tensor (no `parameters`, no unknown keys), checked by hand; undefined when unsure. */
function plainTensor(v: unknown): OipInferRequest['inputs'][number] | undefined {
  if (!isPlainObject(v)) return undefined;
  for (const k in v) if (!TENSOR_KEYS.has(k)) return undefined;
  const { name, shape, datatype, data } = v;
  if (typeof name !== 'string' || name.length < 1 || name.length > 256) return undefined;
  if (typeof datatype !== 'string' || datatype.length < 1 || datatype.length > 16) return undefined;
  if (!Array.isArray(shape) || shape.length > 16 || !Array.isArray(data) || data.length > MAX_ELEMENTS) return undefined;
  for (const d of shape) if (!Number.isSafeInteger(d) || (d as number) < 0 || (d as number) > MAX_ELEMENTS) return undefined;
  return { name, shape: shape as number[], datatype, data: data as unknown[] };
}

/**
 * `inferRequestSchema`'s parse on the hot path: the common body (`id` and plain
 * `inputs`) is checked by hand, in a fraction of zod's time; anything else, valid or
 * not, goes through the schema, so answers and errors are the schema's own.
 */
export function parseInferBody(value: unknown): OipInferRequest {
  fast: if (isPlainObject(value)) {
    let id: string | undefined;
    let inputs: unknown;
    for (const k in value) {
      if (k === 'id') {
        const v = value[k];
        if (typeof v !== 'string' || v.length > 128) break fast;
        id = v;
      } else if (k === 'inputs') inputs = value[k];
      else break fast;
    }
    if (!Array.isArray(inputs) || inputs.length < 1 || inputs.length > 256) break fast;
    const tensors: OipInferRequest['inputs'] = [];
    for (const t of inputs) {
      const tensor = plainTensor(t);
      if (!tensor) break fast;
      tensors.push(tensor);
    }
    return id === undefined ? { inputs: tensors } : { id, inputs: tensors };
  }
  return parseInput(inferRequestSchema, value, 'body');
}

export interface OipTensor {
  name: string;
  shape: number[];
  datatype: string;
  data: (number | string | boolean)[];
}

export function toOipSpec(spec: TensorSpec): { name: string; datatype: string; shape: number[] } {
  return { name: spec.name, datatype: TO_OIP[spec.type], shape: spec.shape };
}

/** Row-major data may come nested (`[[1,2],[3,4]]`) as many clients send it; flattened here, depth-bounded by the shape. */
function flatten(name: string, data: readonly unknown[], depth: number): unknown[] {
  if (!data.some(Array.isArray)) return data as unknown[];
  if (depth <= 0) throw AppError.invalid(`input '${name}': data is nested deeper than its shape`, [{ path: `inputs.${name}.data`, message: 'too deeply nested' }]);
  const out: unknown[] = [];
  for (const item of data) {
    if (Array.isArray(item)) for (const v of flatten(name, item, depth - 1)) out.push(v);
    else out.push(item);
  }
  return out;
}

/** One OIP input → a tensor; element types are checked against the stated datatype (the signature check comes next, in the domain). */
export function decodeInput(t: OipInferRequest['inputs'][number]): TensorValue {
  const type = FROM_OIP[t.datatype];
  if (!type) {
    const why = KNOWN_UNSUPPORTED.has(t.datatype) ? 'is not supported by Keel yet' : 'is not an Open Inference Protocol datatype';
    throw AppError.invalid(`input '${t.name}': datatype ${t.datatype} ${why} (use ${Object.keys(FROM_OIP).join(', ')})`, [{ path: `inputs.${t.name}.datatype`, message: 'unsupported datatype' }]);
  }
  const count = t.shape.reduce((n, d) => n * d, 1);
  if (count > MAX_ELEMENTS) throw AppError.invalid(`input '${t.name}': shape [${t.shape.join(', ')}] holds more than ${MAX_ELEMENTS} elements`, [{ path: `inputs.${t.name}.shape`, message: 'too large' }]);
  const flat = flatten(t.name, t.data, t.shape.length);
  if (flat.length !== count) throw AppError.invalid(`input '${t.name}': ${flat.length} values do not fill shape [${t.shape.join(', ')}]`, [{ path: `inputs.${t.name}.data`, message: 'wrong element count' }]);
  const bad = (i: number, expected: string): never => {
    throw AppError.invalid(`input '${t.name}': value ${JSON.stringify(flat[i])?.slice(0, 40) ?? 'undefined'} at index ${i} is not ${expected} (datatype ${t.datatype})`, [{ path: `inputs.${t.name}.data.${i}`, message: `expected ${expected}` }]);
  };
  if (type === 'string') {
    for (let i = 0; i < flat.length; i++) if (typeof flat[i] !== 'string') bad(i, 'a string');
    return { type, shape: t.shape, data: flat as string[] };
  }
  if (type === 'bool') {
    for (let i = 0; i < flat.length; i++) if (typeof flat[i] !== 'boolean') bad(i, 'true or false');
    return { type, shape: t.shape, data: flat as boolean[] };
  }
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) bad(i, 'a number');
  }
  const nums = flat as number[];
  if (type === 'float32') return { type, shape: t.shape, data: Float32Array.from(nums) };
  if (type === 'float64') return { type, shape: t.shape, data: Float64Array.from(nums) };
  // Integer ranges are checked against the model's signature in the domain.
  return { type, shape: t.shape, data: nums };
}

export function encodeOutput(name: string, t: TensorValue): OipTensor {
  return { name, shape: t.shape, datatype: TO_OIP[t.type], data: dataToJson(t.data) };
}

export interface InferResponseHead {
  model_name: string;
  model_version: string;
  id: string;
  parameters: Record<string, unknown>;
}

/**
 * The infer answer as JSON text: exactly `JSON.stringify({...head, outputs})` with
 * `encodeOutput` per output, without copying float tensors into arrays first.
 */
export function inferResponseText(head: InferResponseHead, outputs: Record<string, TensorValue>): string {
  let list = '';
  for (const name of Object.keys(outputs)) {
    const t = outputs[name] as TensorValue;
    list += `${list ? ',' : ''}{"name":${JSON.stringify(name)},"shape":${JSON.stringify(t.shape)},"datatype":${JSON.stringify(TO_OIP[t.type])},"data":${dataJsonText(t.data)}}`;
  }
  return `${JSON.stringify(head).slice(0, -1)},"outputs":[${list}]}`;
}
