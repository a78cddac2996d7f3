/**
 * ModelRuntime on ONNX Runtime (onnxruntime-node, CPU execution provider).
 * The driver is imported lazily so a Keel that never runs a model never loads
 * the native binding.
 */
import type * as OrtModule from 'onnxruntime-node';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { AppError } from '../../core/errors.js';
import type { LoadedModel, ModelRuntime, ModelSignature, TensorSpec, TensorType, TensorValue } from '../../core/ports/model-runtime.js';

type Ort = typeof OrtModule;

let ortModule: Promise<Ort> | undefined;
function loadOrt(): Promise<Ort> {
  return (ortModule ??= import('onnxruntime-node'));
}

export interface OnnxRuntimeOptions {
  /**
   * Threads for one operator. 1 by default: the validation gate measures latency,
   * and a pool that competes with the server's own threads on a small machine
   * turns p99 into noise. Serving may raise it per deployment.
   */
  intraOpNumThreads?: number;
  /** Graph optimisations applied when a session is created ('all' by default). */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
}

const SUPPORTED: ReadonlySet<string> = new Set<TensorType>(['float32', 'float64', 'int32', 'int64', 'uint8', 'int8', 'bool', 'string']);

function isSupported(type: string): type is TensorType {
  return SUPPORTED.has(type);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Tensor outputs only: non-tensor values (sklearn-onnx's ZipMap `seq(map)` output)
 * cannot be described by a TensorSpec; they are left out of the signature and never
 * fetched. Export classifiers with `zipmap=False` to get the probabilities as a tensor.
 */
function specsOf(kind: 'input' | 'output', metadata: readonly InferenceSession.ValueMetadata[]): TensorSpec[] {
  const specs: TensorSpec[] = [];
  for (const m of metadata) {
    if (!m.isTensor) {
      if (kind === 'input') throw AppError.invalid(`model input '${m.name}' is not a tensor; Keel runs models whose inputs are tensors`);
      continue;
    }
    if (!isSupported(m.type)) {
      throw AppError.invalid(`model ${kind} '${m.name}' has tensor type ${m.type}, which Keel does not support yet`);
    }
    specs.push({ name: m.name, type: m.type, shape: m.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : -1)) });
  }
  return specs;
}

function signatureOf(session: InferenceSession): ModelSignature {
  return { inputs: specsOf('input', session.inputMetadata), outputs: specsOf('output', session.outputMetadata) };
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

function toOrtTensor(ort: Ort, name: string, value: TensorValue): Tensor {
  if (!value.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw AppError.invalid(`input '${name}': shape [${value.shape.join(', ')}] must be non-negative integers`);
  }
  if (value.data.length !== elementCount(value.shape)) {
    throw AppError.invalid(`input '${name}': ${value.data.length} values do not fill shape [${value.shape.join(', ')}]`);
  }
  const { data, shape } = value;
  const numbers = (): number[] => Array.from(data as ArrayLike<number | bigint | boolean | string>, (v) => Number(v));
  switch (value.type) {
    case 'float32':
      return new ort.Tensor('float32', data instanceof Float32Array ? data : Float32Array.from(numbers()), shape);
    case 'float64':
      return new ort.Tensor('float64', data instanceof Float64Array ? data : Float64Array.from(numbers()), shape);
    case 'int32':
      return new ort.Tensor('int32', data instanceof Int32Array ? data : Int32Array.from(numbers()), shape);
    case 'uint8':
      return new ort.Tensor('uint8', data instanceof Uint8Array ? data : Uint8Array.from(numbers()), shape);
    case 'int8':
      return new ort.Tensor('int8', data instanceof Int8Array ? data : Int8Array.from(numbers()), shape);
    case 'int64': {
      if (data instanceof BigInt64Array) return new ort.Tensor('int64', data, shape);
      const out = new BigInt64Array(data.length);
      for (let i = 0; i < data.length; i++) {
        const v = Number(data[i]);
        if (!Number.isSafeInteger(v)) throw AppError.invalid(`input '${name}': value ${String(data[i])} at ${i} is not an integer`);
        out[i] = BigInt(v);
      }
      return new ort.Tensor('int64', out, shape);
    }
    case 'bool':
      return new ort.Tensor('bool', Uint8Array.from(data as ArrayLike<unknown>, (v) => (v ? 1 : 0)), shape);
    case 'string':
      return new ort.Tensor('string', Array.from(data as ArrayLike<unknown>, (v) => String(v)), shape);
  }
}

function fromOrtTensor(name: string, tensor: Tensor): TensorValue {
  const shape = tensor.dims.map((d) => Number(d));
  const data = tensor.data;
  switch (tensor.type) {
    case 'float32':
    case 'float64':
    case 'int32':
    case 'uint8':
    case 'int8':
      return { type: tensor.type, shape, data: data as Float32Array | Float64Array | Int32Array | Uint8Array | Int8Array };
    case 'int64': {
      const big = data as BigInt64Array;
      // The port promises plain numbers when no precision is lost: labels and indices nearly always are.
      const safe = big.every((v) => v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER));
      return { type: 'int64', shape, data: safe ? Array.from(big, (v) => Number(v)) : big };
    }
    case 'bool':
      return { type: 'bool', shape, data: Array.from(data as Uint8Array, (v) => v !== 0) };
    case 'string':
      return { type: 'string', shape, data: data as string[] };
    default:
      throw new AppError('INTERNAL', `model output '${name}' has tensor type ${tensor.type}, which Keel does not support yet`);
  }
}

class OnnxLoadedModel implements LoadedModel {
  private released = false;

  constructor(
    private readonly ort: Ort,
    private readonly session: InferenceSession,
    readonly signature: ModelSignature,
  ) {}

  async run(inputs: Record<string, TensorValue>): Promise<Record<string, TensorValue>> {
    if (this.released) throw new AppError('FAILED_PRECONDITION', 'the model was released');
    const expected = new Set(this.signature.inputs.map((s) => s.name));
    const feeds: Record<string, Tensor> = {};
    for (const [name, value] of Object.entries(inputs)) {
      if (!expected.has(name)) throw AppError.invalid(`unknown model input '${name}' (inputs: ${[...expected].join(', ')})`);
      feeds[name] = toOrtTensor(this.ort, name, value);
    }
    const missing = [...expected].filter((n) => !(n in feeds));
    if (missing.length > 0) throw AppError.invalid(`missing model input(s): ${missing.join(', ')}`);
    const fetches = this.signature.outputs.map((o) => o.name);
    let results: InferenceSession.ReturnType;
    try {
      results = await this.session.run(feeds, fetches);
    } catch (err) {
      // ONNX Runtime rejects inputs of the wrong shape or type here: that is the caller's input.
      throw new AppError('INVALID_ARGUMENT', `ONNX Runtime could not run the model: ${errorMessage(err)}`, { cause: err });
    }
    const out: Record<string, TensorValue> = {};
    for (const name of fetches) {
      const value = results[name];
      if (value === undefined) throw new AppError('INTERNAL', `ONNX Runtime returned no output '${name}'`);
      out[name] = fromOrtTensor(name, value);
    }
    return out;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.release();
  }
}

export class OnnxRuntime implements ModelRuntime {
  readonly flavor = 'onnx' as const;
  private readonly sessionOptions: InferenceSession.SessionOptions;

  constructor(opts: OnnxRuntimeOptions = {}) {
    this.sessionOptions = {
      executionProviders: ['cpu'],
      intraOpNumThreads: opts.intraOpNumThreads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: opts.graphOptimizationLevel ?? 'all',
    };
  }

  async inspect(model: Uint8Array): Promise<ModelSignature> {
    const session = await this.createSession(model);
    try {
      return signatureOf(session);
    } finally {
      await session.release();
    }
  }

  async load(model: Uint8Array): Promise<LoadedModel> {
    const session = await this.createSession(model);
    try {
      return new OnnxLoadedModel(await loadOrt(), session, signatureOf(session));
    } catch (err) {
      await session.release();
      throw err;
    }
  }

  private async createSession(model: Uint8Array): Promise<InferenceSession> {
    if (model.byteLength === 0) throw AppError.invalid('the model file is empty');
    const ort = await loadOrt();
    try {
      return await ort.InferenceSession.create(model, this.sessionOptions);
    } catch (err) {
      throw new AppError('INVALID_ARGUMENT', `not a valid ONNX model: ${errorMessage(err)}`, { cause: err });
    }
  }
}
