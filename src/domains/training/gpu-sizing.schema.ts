/** Wire types of GPU sizing (`keel gpu estimate`, POST /api/v1/gpu/estimate), shared by API, SDK and CLI. */
import { z } from 'zod';

export const PRECISIONS = ['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4'] as const;
export type Precision = (typeof PRECISIONS)[number];

/** The subset of a Hugging Face config.json the estimate reads (other keys are ignored). */
export const hfConfigSchema = z
  .object({
    num_hidden_layers: z.number().int().positive().optional(),
    num_attention_heads: z.number().int().positive().optional(),
    num_key_value_heads: z.number().int().positive().optional(),
    hidden_size: z.number().int().positive().optional(),
    head_dim: z.number().int().positive().optional(),
    intermediate_size: z.number().int().positive().optional(),
    vocab_size: z.number().int().positive().optional(),
    tie_word_embeddings: z.boolean().optional(),
  })
  .passthrough();
export type HfConfig = z.infer<typeof hfConfigSchema>;

const count = (max: number) => z.number().int().positive().max(max);

export const gpuEstimateRequestSchema = z.strictObject({
  /** Parameter count (7e9); derived from `config` when absent. */
  params: z.number().finite().positive().max(1e14).optional(),
  precision: z.enum(PRECISIONS).default('bf16'),
  /** Precision of the KV cache; the weights' precision by default, fp16 under int8/int4 weight quantisation. */
  kvPrecision: z.enum(PRECISIONS).optional(),
  mode: z.enum(['inference', 'training']).default('inference'),
  /** Sequences in flight (inference) or the global batch (training, split across GPUs). */
  batch: count(1_000_000).default(1),
  /** Tokens per sequence (prompt + generated). */
  seq: count(10_000_000).default(2048),
  layers: count(10_000).optional(),
  heads: count(10_000).optional(),
  /** Key/value heads (grouped-query attention); the query heads when absent. */
  kvHeads: count(10_000).optional(),
  headDim: count(100_000).optional(),
  hidden: count(1_000_000).optional(),
  intermediate: count(10_000_000).optional(),
  /** A Hugging Face config.json; explicit fields win over it. */
  config: hfConfigSchema.optional(),
  zero: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).default(0),
  /** GPUs the estimate is split over (training: data parallel with ZeRO; inference: tensor parallel). */
  gpus: count(100_000).default(1),
  /** Training: keep only each layer's input and recompute the rest in the backward pass. */
  activationCheckpointing: z.boolean().default(false),
  /** USD per GPU-hour by GPU name, replacing the built-in list prices. */
  prices: z.record(z.string().min(1).max(100), z.number().finite().nonnegative()).optional(),
});
export type GpuEstimateRequest = z.input<typeof gpuEstimateRequestSchema>;
export type GpuEstimateInput = z.output<typeof gpuEstimateRequestSchema>;

export interface MemoryBreakdown {
  weights: number;
  kvCache: number;
  activations: number;
  gradients: number;
  optimizer: number;
  /** Allocator fragmentation and buffers (10 %) plus the CUDA context (1 GiB per GPU). */
  overhead: number;
  total: number;
}

export interface GpuFit {
  name: string;
  memoryGiB: number;
  /** Whether `gpus` of this kind hold the job. */
  fits: boolean;
  /** The fewest of this GPU that hold it (null when even 1024 do not: e.g. ZeRO 0–2 replicate the weights). */
  minGpus: number | null;
  /** Memory used per GPU at `minGpus` (bytes). */
  perGpuBytes: number | null;
  pricePerGpuHour: number | null;
  /** minGpus × price. */
  costPerHour: number | null;
}

export interface GpuEstimate {
  mode: 'inference' | 'training';
  /** The architecture the estimate used, with what was derived from params or config. */
  model: { params: number; layers: number; heads: number; kvHeads: number; headDim: number; hidden: number; intermediate: number; derived: string[] };
  precision: Precision;
  kvPrecision: Precision;
  batch: number;
  seq: number;
  gpus: number;
  zero: number;
  /** Bytes over all GPUs. */
  breakdown: MemoryBreakdown;
  /** Bytes on each of `gpus` GPUs. */
  perGpu: MemoryBreakdown;
  fits: GpuFit[];
  /** How each term was computed, for people checking the numbers. */
  formulas: Record<string, string>;
}
