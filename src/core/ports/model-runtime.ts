/**
 * Runs models. The registry reads signatures and the validation gate measures
 * predictions with it; serving will run deployments on it. ONNX Runtime is the
 * first adapter; a `js` runtime (an ES module exporting `predict`) comes with serving.
 */
export type TensorType = 'float32' | 'float64' | 'int32' | 'int64' | 'uint8' | 'int8' | 'bool' | 'string';

export interface TensorSpec {
  name: string;
  type: TensorType;
  /** -1 (or a symbolic name in ONNX, reported as -1) for a dynamic dimension such as the batch. */
  shape: number[];
}

export interface ModelSignature {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

export interface TensorValue {
  type: TensorType;
  shape: number[];
  /** Row-major. int64 values arrive as bigint from ONNX Runtime and are given as numbers when safe. */
  data: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array | Int8Array | number[] | string[] | boolean[];
}

export interface LoadedModel {
  readonly signature: ModelSignature;
  run(inputs: Record<string, TensorValue>): Promise<Record<string, TensorValue>>;
  release(): Promise<void>;
}

export interface ModelRuntime {
  readonly flavor: 'onnx' | 'js';
  /** Reads the signature without keeping the model loaded; INVALID_ARGUMENT when the bytes are not a model of this flavor. */
  inspect(model: Uint8Array): Promise<ModelSignature>;
  load(model: Uint8Array): Promise<LoadedModel>;
}
