import type { TensorType, TensorValue } from '../../core/ports/model-runtime.js';

/**
 * Row-wise tensor arithmetic for batching: requests are merged along dimension 0
 * and the model's outputs are cut back into each request's rows.
 */
export type TensorData = TensorValue['data'];

export function rowsOf(value: TensorValue): number {
  return value.shape[0] ?? 1;
}

function rowSize(shape: readonly number[]): number {
  let n = 1;
  for (let i = 1; i < shape.length; i++) n *= shape[i] as number;
  return n;
}

function allocate(type: TensorType, length: number, parts: readonly TensorData[]): TensorData {
  switch (type) {
    case 'float32':
      return new Float32Array(length);
    case 'float64':
      return new Float64Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'uint8':
      return new Uint8Array(length);
    case 'int8':
      return new Int8Array(length);
    case 'int64':
      // Kept as bigint only when a part already is (values beyond 2^53).
      return parts.some((p) => p instanceof BigInt64Array) ? new BigInt64Array(length) : new Array<number>(length);
    case 'bool':
      return new Array<boolean>(length);
    case 'string':
      return new Array<string>(length);
  }
}

/** Concatenates along dimension 0; all parts share type and trailing dimensions (the caller groups them so). */
export function concatRows(parts: readonly TensorValue[]): TensorValue {
  const first = parts[0];
  if (!first) throw new Error('concatRows needs at least one tensor');
  if (parts.length === 1) return first;
  const total = parts.reduce((n, p) => n + p.data.length, 0);
  const out = allocate(first.type, total, parts.map((p) => p.data));
  let offset = 0;
  for (const p of parts) {
    if (ArrayBuffer.isView(out) && ArrayBuffer.isView(p.data) && out.constructor === p.data.constructor) {
      (out as Float32Array).set(p.data as Float32Array, offset);
    } else {
      const target = out as unknown as unknown[];
      const source = p.data as ArrayLike<unknown>;
      const big = out instanceof BigInt64Array;
      for (let i = 0; i < source.length; i++) target[offset + i] = big ? BigInt(source[i] as number) : source[i];
    }
    offset += p.data.length;
  }
  return { type: first.type, shape: [parts.reduce((n, p) => n + rowsOf(p), 0), ...first.shape.slice(1)], data: out };
}

/** Rows [start, start + count) of a tensor whose first dimension is the batch. */
export function sliceRows(value: TensorValue, start: number, count: number): TensorValue {
  const size = rowSize(value.shape);
  const data = value.data.slice(start * size, (start + count) * size) as TensorData;
  return { type: value.type, shape: [count, ...value.shape.slice(1)], data };
}

/** A key equal for requests whose tensors can be concatenated: same names, types and trailing dimensions. */
export function mergeKey(inputs: Record<string, TensorValue>): string {
  let key = '';
  for (const name of Object.keys(inputs).sort()) {
    const t = inputs[name] as TensorValue;
    key += `${name}:${t.type}:${t.shape.slice(1).join('x')};`;
  }
  return key;
}

/** Plain JSON arrays for logs, caches and protocol answers: int64 beyond 2^53 becomes a string. */
export function dataToJson(data: TensorData): (number | string | boolean)[] {
  if (data instanceof BigInt64Array) {
    return Array.from(data, (v) => (v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString()));
  }
  return Array.isArray(data) ? data : Array.from(data as ArrayLike<number>);
}

export interface TensorJson {
  type: TensorType;
  shape: number[];
  data: (number | string | boolean)[];
}

export function tensorsToJson(tensors: Record<string, TensorValue>): Record<string, TensorJson> {
  const out: Record<string, TensorJson> = {};
  for (const [name, t] of Object.entries(tensors)) out[name] = { type: t.type, shape: t.shape, data: dataToJson(t.data) };
  return out;
}

function finiteFloats(data: TensorData): data is Float32Array | Float64Array {
  if (!(data instanceof Float32Array || data instanceof Float64Array)) return false;
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i] as number)) return false;
  return true;
}

/**
 * `JSON.stringify(dataToJson(data))`, without the intermediate array for float tensors:
 * a finite float prints the same through `join` as through JSON.
 */
export function dataJsonText(data: TensorData): string {
  return finiteFloats(data) ? `[${data.join(',')}]` : JSON.stringify(dataToJson(data));
}

/** `JSON.stringify(tensorsToJson(tensors))`, character for character; prediction-log rows are built with it. */
export function tensorsJsonText(tensors: Record<string, TensorValue>): string {
  let out = '{';
  for (const name of Object.keys(tensors)) {
    const t = tensors[name] as TensorValue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(name)}:{"type":${JSON.stringify(t.type)},"shape":${JSON.stringify(t.shape)},"data":${dataJsonText(t.data)}}`;
  }
  return `${out}}`;
}

export function tensorsFromJson(json: Record<string, TensorJson>): Record<string, TensorValue> {
  const out: Record<string, TensorValue> = {};
  for (const [name, t] of Object.entries(json)) {
    const data = t.type === 'float32' ? Float32Array.from(t.data as number[]) : t.type === 'float64' ? Float64Array.from(t.data as number[]) : (t.data as number[]);
    out[name] = { type: t.type, shape: t.shape, data };
  }
  return out;
}

/** The first output value that is NaN or ±Infinity, as `name[index]`; JSON cannot carry it and it means the model failed. */
export function firstNonFinite(outputs: Record<string, TensorValue>): string | undefined {
  for (const [name, t] of Object.entries(outputs)) {
    if (t.type !== 'float32' && t.type !== 'float64') continue;
    const d = t.data as Float32Array | Float64Array;
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i] as number)) return `${name}[${i}]`;
  }
  return undefined;
}
