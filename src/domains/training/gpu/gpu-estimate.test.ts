/** GPU sizing against hand-computed cases; the arithmetic is written out next to each number. */
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../core/validation.js';
import { gpuEstimateRequestSchema, type GpuEstimateRequest } from '../gpu-sizing.schema.js';
import { estimateGpuMemory, GIB } from './gpu-estimate.js';

const estimate = (req: GpuEstimateRequest) => estimateGpuMemory(parseInput(gpuEstimateRequestSchema, req));
const fit = (e: ReturnType<typeof estimate>, name: string) => e.fits.find((f) => f.name === name)!;

// A 7B model, 32 layers, 8 KV heads × head_dim 128 (grouped-query attention), hidden 4096.
const SEVEN_B = { params: 7e9, layers: 32, kvHeads: 8, headDim: 128, hidden: 4096 } as const;

describe('inference: 7B, fp16, batch 32 × 4096 tokens', () => {
  const e = estimate({ ...SEVEN_B, precision: 'fp16', batch: 32, seq: 4096 });

  it('weights = 7e9 params × 2 bytes = 14 000 000 000 B', () => {
    expect(e.breakdown.weights).toBe(7e9 * 2);
    expect(e.breakdown.weights).toBe(14_000_000_000);
  });

  it('KV cache = 2 × 2 B × 32 layers × 8 kv heads × 128 × 4096 tokens × 32 = 17 179 869 184 B = 16 GiB', () => {
    expect(e.breakdown.kvCache).toBe(2 * 2 * 32 * 8 * 128 * 4096 * 32);
    expect(e.breakdown.kvCache).toBe(17_179_869_184);
    expect(e.breakdown.kvCache / GIB).toBe(16);
  });

  it('activations = 32 × 4096 × (2·4096 + 4·4096) × 2 B = 6 GiB', () => {
    expect(e.breakdown.activations).toBe(32 * 4096 * (2 * 4096 + 16384) * 2);
    expect(e.breakdown.activations / GIB).toBe(6);
  });

  it('overhead = 10 % of 37 622 320 128 B + 1 GiB context; total ≈ 39.54 GiB', () => {
    const sum = 14_000_000_000 + 17_179_869_184 + 6_442_450_944; // 37 622 320 128
    expect(e.breakdown.overhead).toBeCloseTo(sum * 0.1 + GIB, 0);
    expect(e.breakdown.total).toBeCloseTo(sum * 1.1 + GIB, 0); // 42 458 293 964.8 B
    expect(e.breakdown.total / GIB).toBeCloseTo(39.54, 2);
  });

  it('fits one 40 GiB A100 (39.54 ≤ 40), one H100; T4 needs 3, L4 needs 2', () => {
    // n GPUs of C GiB hold it when 37 622 320 128 × 1.1 / n + 1 GiB ≤ C GiB
    expect(fit(e, 'A100-40GB')).toMatchObject({ fits: true, minGpus: 1 });
    expect(fit(e, 'H100-80GB')).toMatchObject({ fits: true, minGpus: 1, costPerHour: 2.99 });
    // T4: 41 384 552 140.8 / n ≤ 15 GiB (16 − 1 context) → n ≥ 2.57 → 3
    expect(fit(e, 'T4')).toMatchObject({ fits: false, minGpus: 3, costPerHour: 1.05 });
    // L4: 41 384 552 140.8 / n ≤ 23 GiB → n ≥ 1.68 → 2
    expect(fit(e, 'L4')).toMatchObject({ fits: false, minGpus: 2 });
  });

  it('without grouped-query attention (32 kv heads) the KV cache is 4× larger: 64 GiB', () => {
    const mha = estimate({ ...SEVEN_B, kvHeads: 32, precision: 'fp16', batch: 32, seq: 4096 });
    expect(mha.breakdown.kvCache / GIB).toBe(64);
    expect(fit(mha, 'A100-40GB').fits).toBe(false);
  });

  it('int4 weights: 7e9 × 0.5 B = 3.5 GB, the KV cache stays fp16', () => {
    const q = estimate({ ...SEVEN_B, precision: 'int4', batch: 32, seq: 4096 });
    expect(q.breakdown.weights).toBe(3.5e9);
    expect(q.kvPrecision).toBe('fp16');
    expect(q.breakdown.kvCache / GIB).toBe(16);
  });

  it('user prices replace the list price', () => {
    const priced = estimate({ ...SEVEN_B, precision: 'fp16', batch: 32, seq: 4096, prices: { 'H100-80GB': 2 } });
    expect(fit(priced, 'H100-80GB').costPerHour).toBe(2);
  });
});

describe('training: 7B, bf16, mixed-precision Adam', () => {
  it('16 bytes/param: weights 2 + gradients 2 + optimizer 12 = 112 GB on one GPU (ZeRO 0): fits no single GPU but MI300X', () => {
    const e = estimate({ ...SEVEN_B, mode: 'training', precision: 'bf16', batch: 1, seq: 4096, activationCheckpointing: true });
    expect(e.breakdown.weights).toBe(14e9);
    expect(e.breakdown.gradients).toBe(14e9);
    expect(e.breakdown.optimizer).toBe(84e9);
    expect(fit(e, 'H100-80GB').fits).toBe(false);
    // ZeRO 0 replicates everything: more GPUs never help.
    expect(fit(e, 'H100-80GB').minGpus).toBeNull();
    expect(fit(e, 'MI300X-192GB')).toMatchObject({ fits: true, minGpus: 1 });
  });

  it('ZeRO-3 over 8 GPUs: 112 GB / 8 = 14 GB of states per GPU, + checkpointed activations', () => {
    const e = estimate({ ...SEVEN_B, mode: 'training', precision: 'bf16', batch: 8, seq: 4096, zero: 3, gpus: 8, activationCheckpointing: true });
    expect(e.perGpu.weights + e.perGpu.gradients + e.perGpu.optimizer).toBe((16 * 7e9) / 8);
    // micro-batch 8/8 = 1: 2 × 4096 × 1 × 4096 × 32 layers (kept inputs) + 34 × 4096 × 4096 (one layer recomputed)
    expect(e.perGpu.activations).toBe(2 * 4096 * 4096 * 32 + 34 * 4096 * 4096);
    const sum = 14e9 + 1_644_167_168;
    expect(e.perGpu.total).toBeCloseTo(sum * 1.1 + GIB, 0); // 18 282 325 708.8 B ≈ 17.03 GiB
    expect(fit(e, 'A100-40GB').fits).toBe(true);
    expect(fit(e, 'L4').fits).toBe(true);
  });

  it('ZeRO stages shard progressively: 1 the optimizer, 2 + gradients, 3 + weights', () => {
    const at = (zero: 0 | 1 | 2 | 3) => estimate({ ...SEVEN_B, mode: 'training', batch: 4, seq: 1024, zero, gpus: 4 }).perGpu;
    expect(at(1)).toMatchObject({ weights: 14e9, gradients: 14e9, optimizer: 21e9 });
    expect(at(2)).toMatchObject({ weights: 14e9, gradients: 3.5e9, optimizer: 21e9 });
    expect(at(3)).toMatchObject({ weights: 3.5e9, gradients: 3.5e9, optimizer: 21e9 });
  });
});

describe('architecture from a Hugging Face config.json', () => {
  it('counts Llama-2-7B parameters: 6 738 415 616', () => {
    const config = { hidden_size: 4096, intermediate_size: 11008, num_attention_heads: 32, num_hidden_layers: 32, num_key_value_heads: 32, vocab_size: 32000, tie_word_embeddings: false };
    const e = estimate({ config, precision: 'fp16', batch: 1, seq: 4096 });
    // 32 × (4 × 4096² + 3 × 4096 × 11008) + 2 × 32000 × 4096 (norms left out: 266 240 fewer than the real 6 738 415 616)
    expect(e.model.params).toBe(32 * (4 * 4096 * 4096 + 3 * 4096 * 11008) + 2 * 32000 * 4096);
    expect(e.model).toMatchObject({ layers: 32, heads: 32, kvHeads: 32, headDim: 128 });
    // 2 × 2 × 32 × 32 × 128 × 4096 × 1 = 2 GiB
    expect(e.breakdown.kvCache / GIB).toBe(2);
  });
});

describe('bad input', () => {
  it('names the field', () => {
    expect(() => estimate({ params: 7e9, headDim: 128 })).toThrow(/layers is required/);
    expect(() => estimate({ ...SEVEN_B, precision: 'fp12' as never })).toThrow(/body\.precision/);
    expect(() => estimate({ ...SEVEN_B, kvHeads: 64, hidden: 4096 })).toThrow(/kvHeads/);
    expect(() => estimate({ ...SEVEN_B, mode: 'training', precision: 'int4' })).toThrow(/training in int4/);
    expect(() => estimate({ ...SEVEN_B, prices: { 'RTX-9090': 1 } })).toThrow(/unknown GPU in prices/);
    expect(() => estimate({ ...SEVEN_B, zero: 3 })).toThrow(/zero applies to training only/);
  });
});
