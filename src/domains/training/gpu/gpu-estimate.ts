/**
 * GPU memory sizing for transformer inference and training.
 *
 * Inference:  weights = params × bytes(precision)
 *             KV cache = 2 (K and V) × bytes(kv) × layers × kv_heads × head_dim × seq × batch
 *               (grouped-query attention stores kv_heads, not query heads)
 *             activations = batch × seq × (2·hidden + intermediate) × bytes — one layer's peak
 *               during prefill (hidden state in/out and the MLP's up projection)
 * Training (mixed-precision Adam):
 *             weights = params × bytes, gradients = params × bytes,
 *             optimizer = params × 12 (fp32 master copy + Adam m and v; 8 when training in fp32)
 *               → 16 bytes/param in bf16/fp16
 *             ZeRO over N GPUs: 1 shards the optimizer, 2 also the gradients, 3 also the weights
 *             activations per GPU (flash attention, Korthikanti et al. 2022) =
 *               34 × seq × batch/N × hidden × layers × bytes/2, or with checkpointing
 *               2 × seq × batch/N × hidden × layers × bytes/2 + one layer's 34 × …
 * Both:       overhead = 10 % of the above (allocator fragmentation, buffers) + 1 GiB CUDA context per GPU.
 */
import { AppError } from '../../../core/errors.js';
import type { GpuEstimate, GpuEstimateInput, GpuFit, MemoryBreakdown, Precision } from '../gpu-sizing.schema.js';
import { GPU_CATALOG } from './gpu-catalog.js';

export const GIB = 1024 ** 3;
const CONTEXT_BYTES = GIB;
const FRAGMENTATION = 0.1;
const MAX_GPUS = 1024;

export const BYTES: Record<Precision, number> = { fp32: 4, fp16: 2, bf16: 2, fp8: 1, int8: 1, int4: 0.5 };

interface Architecture {
  params: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  hidden: number;
  intermediate: number;
  derived: string[];
}

function architecture(input: GpuEstimateInput): Architecture {
  const c = input.config ?? {};
  const derived: string[] = [];
  const layers = input.layers ?? c.num_hidden_layers;
  if (layers === undefined) throw AppError.invalid('layers is required (or a config with num_hidden_layers)', [{ path: 'layers', message: 'required' }]);
  let hidden = input.hidden ?? c.hidden_size;
  let heads = input.heads ?? c.num_attention_heads;
  let headDim = input.headDim ?? c.head_dim;
  if (headDim === undefined && hidden !== undefined && heads !== undefined) {
    headDim = Math.floor(hidden / heads);
    derived.push('headDim = hidden / heads');
  }
  if (headDim === undefined) throw AppError.invalid('headDim is required (or hidden and heads, or a config)', [{ path: 'headDim', message: 'required' }]);
  if (heads === undefined && hidden !== undefined) {
    heads = Math.max(1, Math.round(hidden / headDim));
    derived.push('heads = hidden / headDim');
  }
  const kvHeadsGiven = input.kvHeads ?? c.num_key_value_heads;
  let params = input.params;
  if (params === undefined) {
    if (hidden === undefined || heads === undefined || c.vocab_size === undefined) throw AppError.invalid('params is required (or a config with hidden_size, num_attention_heads and vocab_size)', [{ path: 'params', message: 'required' }]);
    const kv = kvHeadsGiven ?? heads;
    const inter = input.intermediate ?? c.intermediate_size ?? 4 * hidden;
    // Llama-style: q, k, v, o projections + gated MLP (3 matrices) per layer, embeddings (tied or not).
    const perLayer = hidden * heads * headDim * 2 + 2 * hidden * kv * headDim + 3 * hidden * inter;
    params = layers * perLayer + c.vocab_size * hidden * (c.tie_word_embeddings ? 1 : 2);
    derived.push('params from the config (attention + gated MLP + embeddings)');
  }
  if (hidden === undefined) {
    // params ≈ 12 · layers · hidden² for a classic transformer block; rounded to whole heads.
    hidden = Math.max(headDim, Math.round(Math.sqrt(params / (12 * layers)) / headDim) * headDim);
    derived.push('hidden ≈ √(params / (12 · layers)), rounded to a multiple of headDim');
  }
  if (heads === undefined) {
    heads = Math.max(1, Math.round(hidden / headDim));
    derived.push('heads = hidden / headDim');
  }
  const kvHeads = kvHeadsGiven ?? heads;
  if (kvHeadsGiven === undefined) derived.push('kvHeads = heads (no grouped-query attention given)');
  if (kvHeads > heads) throw AppError.invalid(`kvHeads (${kvHeads}) cannot exceed heads (${heads})`, [{ path: 'kvHeads', message: 'at most heads' }]);
  const intermediate = input.intermediate ?? c.intermediate_size ?? 4 * hidden;
  if (input.intermediate === undefined && c.intermediate_size === undefined) derived.push('intermediate = 4 · hidden');
  return { params, layers, heads, kvHeads, headDim, hidden, intermediate, derived };
}

function withOverhead(parts: Omit<MemoryBreakdown, 'overhead' | 'total'>, gpus: number): MemoryBreakdown {
  const sum = parts.weights + parts.kvCache + parts.activations + parts.gradients + parts.optimizer;
  const overhead = sum * FRAGMENTATION + CONTEXT_BYTES * gpus;
  return { ...parts, overhead, total: sum + overhead };
}

/** Bytes on each GPU when the job is spread over `gpus`. */
function perGpu(input: GpuEstimateInput, arch: Architecture, gpus: number): MemoryBreakdown {
  const bytes = BYTES[input.precision];
  const kvBytes = BYTES[kvPrecision(input)];
  if (input.mode === 'inference') {
    const weights = arch.params * bytes;
    const kvCache = 2 * kvBytes * arch.layers * arch.kvHeads * arch.headDim * input.seq * input.batch;
    const activations = input.batch * input.seq * (2 * arch.hidden + arch.intermediate) * Math.max(bytes, 2);
    // Tensor parallelism splits weights, KV heads and activations evenly.
    return withOverhead({ weights: weights / gpus, kvCache: kvCache / gpus, activations: activations / gpus, gradients: 0, optimizer: 0 }, 1);
  }
  const weights = arch.params * bytes;
  const gradients = arch.params * bytes;
  const optimizer = arch.params * (bytes >= 4 ? 8 : 12);
  const z = input.zero;
  const microBatch = Math.ceil(input.batch / gpus);
  const perLayer = 34 * input.seq * microBatch * arch.hidden * (Math.max(bytes, 2) / 2);
  const activations = input.activationCheckpointing ? 2 * input.seq * microBatch * arch.hidden * arch.layers * (Math.max(bytes, 2) / 2) + perLayer : perLayer * arch.layers;
  return withOverhead({ weights: z >= 3 ? weights / gpus : weights, gradients: z >= 2 ? gradients / gpus : gradients, optimizer: z >= 1 ? optimizer / gpus : optimizer, kvCache: 0, activations }, 1);
}

function kvPrecision(input: GpuEstimateInput): Precision {
  if (input.kvPrecision) return input.kvPrecision;
  // Weight-only quantisation (int8/int4) keeps activations and the KV cache in 16 bits.
  return input.precision === 'int8' || input.precision === 'int4' ? 'fp16' : input.precision;
}

function scale(b: MemoryBreakdown, n: number): MemoryBreakdown {
  return { weights: b.weights * n, kvCache: b.kvCache * n, activations: b.activations * n, gradients: b.gradients * n, optimizer: b.optimizer * n, overhead: b.overhead * n, total: b.total * n };
}

export function estimateGpuMemory(input: GpuEstimateInput): GpuEstimate {
  if (input.mode === 'training' && (input.precision === 'int8' || input.precision === 'int4')) {
    throw AppError.invalid(`training in ${input.precision} is not estimated: full training needs fp32, bf16, fp16 or fp8 (quantised fine-tuning trains adapters, not the weights)`, [{ path: 'precision', message: 'fp32, bf16, fp16 or fp8 for training' }]);
  }
  if (input.mode === 'inference' && input.zero !== 0) throw AppError.invalid('zero applies to training only', [{ path: 'zero', message: 'training only' }]);
  const arch = architecture(input);
  const mine = perGpu(input, arch, input.gpus);
  const prices = input.prices ?? {};
  const unknownPrices = Object.keys(prices).filter((name) => !GPU_CATALOG.some((g) => g.name === name));
  if (unknownPrices.length > 0) throw AppError.invalid(`unknown GPU in prices: ${unknownPrices.join(', ')} (known: ${GPU_CATALOG.map((g) => g.name).join(', ')})`, [{ path: 'prices', message: 'unknown GPU name' }]);
  const fits: GpuFit[] = GPU_CATALOG.map((gpu) => {
    const capacity = gpu.memoryGiB * GIB;
    let minGpus: number | null = null;
    let used: number | null = null;
    for (let n = 1; n <= MAX_GPUS; n++) {
      const need = perGpu(input, arch, n).total;
      if (need <= capacity) {
        minGpus = n;
        used = need;
        break;
      }
    }
    const price = prices[gpu.name] ?? gpu.pricePerHour;
    return { name: gpu.name, memoryGiB: gpu.memoryGiB, fits: mine.total <= capacity, minGpus, perGpuBytes: used, pricePerGpuHour: price, costPerHour: minGpus === null ? null : Math.round(minGpus * price * 100) / 100 };
  });
  return {
    mode: input.mode,
    model: arch,
    precision: input.precision,
    kvPrecision: kvPrecision(input),
    batch: input.batch,
    seq: input.seq,
    gpus: input.gpus,
    zero: input.zero,
    breakdown: scale(mine, input.gpus),
    perGpu: mine,
    fits,
    formulas:
      input.mode === 'inference'
        ? {
            weights: 'params × bytes(precision)',
            kvCache: '2 × bytes(kv) × layers × kvHeads × headDim × seq × batch',
            activations: 'batch × seq × (2·hidden + intermediate) × bytes',
            overhead: '10 % + 1 GiB CUDA context per GPU',
            split: 'tensor parallel: everything but the context ÷ gpus',
          }
        : {
            weights: 'params × bytes (÷ gpus with ZeRO-3)',
            gradients: 'params × bytes (÷ gpus with ZeRO ≥ 2)',
            optimizer: 'params × 12 bytes: fp32 master + Adam m, v (÷ gpus with ZeRO ≥ 1); 8 in fp32',
            activations: input.activationCheckpointing ? '2 × seq × batch/gpus × hidden × layers + one layer of 34 × seq × batch/gpus × hidden (bytes ÷ 2)' : '34 × seq × batch/gpus × hidden × layers (flash attention; × bytes ÷ 2)',
            overhead: '10 % + 1 GiB CUDA context per GPU',
          },
  };
}
