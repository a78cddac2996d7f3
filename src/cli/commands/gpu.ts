import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import { parseInput } from '../../core/validation.js';
import { estimateGpuMemory, gpuEstimateRequestSchema, type GpuEstimate } from '../../main.js';
import { globals } from '../context.js';
import { output, printTable } from '../output.js';

interface GpuFlags {
  params?: string;
  precision: string;
  kvPrecision?: string;
  batch: string;
  seq: string;
  layers?: string;
  heads?: string;
  kvHeads?: string;
  headDim?: string;
  hidden?: string;
  intermediate?: string;
  config?: string;
  mode: string;
  zero: string;
  gpus: string;
  checkpointing?: boolean;
  prices?: string;
}

/** 7e9, 7000000000, 7B, 70b, 1.5M */
export function parseCount(flag: string, raw: string): number {
  const m = /^([0-9]*\.?[0-9]+(?:e[0-9]+)?)\s*([kmbt]?)$/i.exec(raw.trim());
  if (!m) throw AppError.invalid(`${flag} must be a number like 7e9 or 7B, got '${raw}'`);
  const scale = { '': 1, k: 1e3, m: 1e6, b: 1e9, t: 1e12 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'b' | 't'];
  return Number(m[1]) * scale;
}

const GIB = 1024 ** 3;
const gib = (bytes: number | null): string => (bytes === null ? '-' : (bytes / GIB).toFixed(2));

async function readJson(flag: string, path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw AppError.invalid(`${flag}: cannot read ${path}`);
  });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw AppError.invalid(`${flag}: ${path} is not JSON`);
  }
}

/** `keel gpu estimate`: computed locally, no server needed. */
export function registerGpuCommand(program: Command): void {
  const gpu = program.command('gpu').description('GPU sizing');
  gpu
    .command('estimate')
    .description('GPU memory for inference or training: breakdown, GPUs that fit, how many, cost per hour')
    .option('--params <n>', 'parameters, e.g. 7e9 or 7B (derived from --config when absent)')
    .option('--precision <p>', 'fp32|fp16|bf16|fp8|int8|int4', 'bf16')
    .option('--kv-precision <p>', 'KV cache precision (default: the weights\', fp16 under int8/int4)')
    .option('--batch <n>', 'sequences in flight (inference) or global batch (training)', '1')
    .option('--seq <n>', 'tokens per sequence', '2048')
    .option('--layers <n>', 'transformer layers')
    .option('--heads <n>', 'attention (query) heads')
    .option('--kv-heads <n>', 'key/value heads (grouped-query attention)')
    .option('--head-dim <n>', 'dimension per head')
    .option('--hidden <n>', 'hidden size')
    .option('--intermediate <n>', 'MLP size (default 4 × hidden)')
    .option('--config <file>', 'a Hugging Face config.json (explicit flags win)')
    .option('--mode <mode>', 'inference|training', 'inference')
    .option('--zero <stage>', 'ZeRO stage 0–3 (training)', '0')
    .option('--gpus <n>', 'GPUs to split over (training: data parallel; inference: tensor parallel)', '1')
    .option('--checkpointing', 'activation checkpointing (training)')
    .option('--prices <file>', 'JSON {"H100-80GB": 2.5, …}: USD per GPU-hour replacing the list prices')
    .action(async (flags: GpuFlags, cmd: Command) => {
      const n = (flag: string, raw: string | undefined): number | undefined => (raw === undefined ? undefined : parseCount(flag, raw));
      const request = {
        ...(flags.params ? { params: parseCount('--params', flags.params) } : {}),
        precision: flags.precision,
        ...(flags.kvPrecision ? { kvPrecision: flags.kvPrecision } : {}),
        batch: n('--batch', flags.batch),
        seq: n('--seq', flags.seq),
        layers: n('--layers', flags.layers),
        heads: n('--heads', flags.heads),
        kvHeads: n('--kv-heads', flags.kvHeads),
        headDim: n('--head-dim', flags.headDim),
        hidden: n('--hidden', flags.hidden),
        intermediate: n('--intermediate', flags.intermediate),
        ...(flags.config ? { config: await readJson('--config', flags.config) } : {}),
        mode: flags.mode,
        zero: Number(flags.zero),
        gpus: n('--gpus', flags.gpus),
        activationCheckpointing: flags.checkpointing === true,
        ...(flags.prices ? { prices: await readJson('--prices', flags.prices) } : {}),
      };
      const clean = Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined));
      // The CLI's own flag names in errors (kvHeads → --kv-heads).
      let estimate: GpuEstimate;
      try {
        estimate = estimateGpuMemory(parseInput(gpuEstimateRequestSchema, clean, 'flags'));
      } catch (err) {
        if (err instanceof AppError) throw new AppError(err.code, err.message.replace(/(?:flags|body)\.([A-Za-z]+)/g, (_, f: string) => `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).replace(/^(kvHeads|headDim|layers|params|precision|zero|prices)\b/, (f) => `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`), { details: err.details });
        throw err;
      }
      output(globals(cmd), estimate, () => {
        const m = estimate.model;
        process.stdout.write(`${estimate.mode}: ${(m.params / 1e9).toFixed(2)}B params, ${m.layers} layers, ${m.heads} heads (${m.kvHeads} KV) × ${m.headDim}, hidden ${m.hidden}; ${estimate.precision} (KV ${estimate.kvPrecision}); batch ${estimate.batch} × ${estimate.seq} tokens; ${estimate.gpus} GPU(s)${estimate.mode === 'training' ? `, ZeRO ${estimate.zero}` : ''}\n`);
        for (const d of m.derived) process.stdout.write(`  derived: ${d}\n`);
        const parts = ['weights', 'kvCache', 'activations', 'gradients', 'optimizer', 'overhead', 'total'] as const;
        printTable(
          parts.filter((p) => p === 'total' || estimate.breakdown[p] > 0).map((p) => ({ part: p, 'all GiB': gib(estimate.breakdown[p]), 'per GPU GiB': gib(estimate.perGpu[p]), formula: estimate.formulas[p] ?? '' })),
          ['part', 'all GiB', 'per GPU GiB', 'formula'],
        );
        process.stdout.write('\n');
        printTable(
          estimate.fits.map((f) => ({ gpu: f.name, memory: `${f.memoryGiB} GiB`, fits: f.fits ? `yes (${estimate.gpus})` : 'no', 'min GPUs': f.minGpus ?? 'never', 'per GPU GiB': gib(f.perGpuBytes), '$/GPU-h': f.pricePerGpuHour, '$/h': f.costPerHour ?? '-' })),
          ['gpu', 'memory', 'fits', 'min GPUs', 'per GPU GiB', '$/GPU-h', '$/h'],
        );
      });
    });
}
