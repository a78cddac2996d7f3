import type { DeploymentConfig, ModelVersion, OipTensor } from '../../../../src/sdk/index.js';

type Processing = DeploymentConfig['processing'];

type Signature = NonNullable<ModelVersion['signature']>;
type TensorSpec = Signature['inputs'][number];

/** `instances` rows for the predict endpoint, or OIP tensors for infer when the model is not one 2-D numeric input. */
export type TryMode = 'predict' | 'infer';

const OIP_TYPES: Record<TensorSpec['type'], OipTensor['datatype']> = {
  float32: 'FP32',
  float64: 'FP64',
  int32: 'INT32',
  int64: 'INT64',
  uint8: 'UINT8',
  int8: 'INT8',
  bool: 'BOOL',
  string: 'BYTES',
};

export function tryModeOf(signature: Signature): TryMode {
  const [only] = signature.inputs;
  const tabular = signature.inputs.length === 1 && only !== undefined && only.shape.length === 2 && only.type !== 'string' && only.type !== 'bool';
  return tabular ? 'predict' : 'infer';
}

/**
 * The column names of one instance: the deployment's declared column order, else one column
 * per feature of the input, named after it (`x_0`, `x_1`…), since the server keeps the order
 * of the keys as given.
 */
export function instanceColumns(signature: Signature, processing: Processing): string[] {
  if (processing.columns) return [...processing.columns];
  const spec = signature.inputs[0];
  if (!spec) return [];
  const width = spec.shape[1] ?? 1;
  return Array.from({ length: width > 0 ? width : 1 }, (_, j) => `${spec.name}_${j}`);
}

/** The editor's starting text: one instance of zeros, or one OIP tensor per input with batch 1. */
export function exampleBody(signature: Signature, processing: Processing): string {
  if (tryModeOf(signature) === 'predict') {
    const row = Object.fromEntries(instanceColumns(signature, processing).map((c) => [c, 0]));
    return JSON.stringify({ instances: [row] }, null, 2);
  }
  const inputs = signature.inputs.map((s) => {
    const shape = s.shape.map((d) => (d < 0 ? 1 : d));
    const count = shape.reduce((n, d) => n * d, 1);
    const zero = s.type === 'string' ? '' : s.type === 'bool' ? false : 0;
    return { name: s.name, shape, datatype: OIP_TYPES[s.type], data: Array.from({ length: Math.min(count, 10_000) }, () => zero) };
  });
  return JSON.stringify({ inputs }, null, 2);
}

type Cell = number | string | boolean | null;

export type ParsedBody = { mode: 'predict'; instances: Record<string, Cell>[]; key?: string } | { mode: 'infer'; inputs: OipTensor[] };

/** Checks the editor's JSON before sending; the message says what is wrong and where. */
export function parseBody(text: string, mode: TryMode): ParsedBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`The request is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('The request must be a JSON object.');
  const body = value as Record<string, unknown>;
  if (mode === 'predict') {
    const instances = body['instances'];
    if (!Array.isArray(instances) || instances.length === 0) throw new Error('"instances" must be a non-empty array of {column: value} objects.');
    instances.forEach((row, i) => {
      if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error(`instances[${i}] must be an object of column: value.`);
    });
    const key = body['key'];
    return { mode, instances: instances as Record<string, Cell>[], ...(typeof key === 'string' && key ? { key } : {}) };
  }
  const inputs = body['inputs'];
  if (!Array.isArray(inputs) || inputs.length === 0) throw new Error('"inputs" must be a non-empty array of OIP tensors {name, shape, datatype, data}.');
  return { mode, inputs: inputs as OipTensor[] };
}
