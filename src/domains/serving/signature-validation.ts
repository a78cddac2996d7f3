import { AppError } from '../../core/errors.js';
import type { ModelSignature, TensorSpec, TensorType, TensorValue } from '../../core/ports/model-runtime.js';

/**
 * Checks a request against the version's signature before it reaches the runtime (or
 * joins a batch), so a bad request is a 400 naming the input and never takes a batch
 * or the session down with it. Returns the request's row count (dimension 0).
 */
const INT_RANGE: Partial<Record<TensorType, [number, number]>> = {
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  int8: [-128, 127],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function checkValues(name: string, spec: TensorSpec, value: TensorValue): void {
  const data = value.data;
  if (ArrayBuffer.isView(data)) return; // a typed array already holds values of its type
  const arr = data as readonly unknown[];
  const range = INT_RANGE[spec.type];
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    const ok =
      spec.type === 'string' ? typeof v === 'string' : spec.type === 'bool' ? typeof v === 'boolean' : typeof v === 'number' && Number.isFinite(v) && (!range || (Number.isInteger(v) && v >= range[0] && v <= range[1]));
    if (!ok) throw AppError.invalid(`input '${name}': value ${JSON.stringify(v)?.slice(0, 40) ?? String(v)} at index ${i} is not a valid ${spec.type}`, [{ path: `inputs.${name}.data.${i}`, message: `expected ${spec.type}` }]);
  }
}

export function validateInputs(signature: ModelSignature, inputs: Record<string, TensorValue>): number {
  let rows: number | undefined;
  for (const name of Object.keys(inputs)) {
    if (!signature.inputs.some((s) => s.name === name)) {
      throw AppError.invalid(`unknown input '${name}'; the model takes ${signature.inputs.map((s) => `'${s.name}'`).join(', ')}`, [{ path: `inputs.${name}`, message: 'unknown input' }]);
    }
  }
  for (const spec of signature.inputs) {
    const value = inputs[spec.name];
    const where = [{ path: `inputs.${spec.name}`, message: '' }];
    const describe = `${spec.type} [${spec.shape.join(', ')}]`;
    if (!value) throw AppError.invalid(`input '${spec.name}' is missing (${describe})`, [{ ...where[0]!, message: 'missing' }]);
    if (value.type !== spec.type) throw AppError.invalid(`input '${spec.name}': datatype ${value.type} does not match the model's ${describe}`, [{ ...where[0]!, message: 'wrong datatype' }]);
    const shapeOk = value.shape.length === spec.shape.length && value.shape.every((d, i) => Number.isInteger(d) && d >= 0 && (spec.shape[i] === -1 || spec.shape[i] === d));
    if (!shapeOk) throw AppError.invalid(`input '${spec.name}': shape [${value.shape.join(', ')}] does not match the model's ${describe}`, [{ ...where[0]!, message: 'wrong shape' }]);
    const count = value.shape.reduce((n, d) => n * d, 1);
    if (value.data.length !== count) throw AppError.invalid(`input '${spec.name}': ${value.data.length} values do not fill shape [${value.shape.join(', ')}]`, [{ ...where[0]!, message: 'wrong element count' }]);
    checkValues(spec.name, spec, value);
    const r = value.shape[0] ?? 1;
    if (rows !== undefined && r !== rows) throw AppError.invalid(`input '${spec.name}': ${r} rows, but other inputs have ${rows}`, [{ ...where[0]!, message: 'row count differs' }]);
    rows = r;
  }
  return rows ?? 1;
}

/** Batching merges along dimension 0, which needs every input and output to have a dynamic batch dimension there. */
export function isBatchable(signature: ModelSignature): boolean {
  return [...signature.inputs, ...signature.outputs].every((s) => s.shape.length > 0 && s.shape[0] === -1);
}
