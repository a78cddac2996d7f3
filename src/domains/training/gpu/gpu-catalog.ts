/**
 * Accelerators the estimate compares against. Memory as sold (GiB of HBM/GDDR); prices are
 * illustrative on-demand USD per GPU-hour (2025 cloud list prices, rounded) — override them per
 * request (`prices`) or with `keel gpu estimate --prices prices.json`.
 */
export interface GpuKind {
  name: string;
  memoryGiB: number;
  pricePerHour: number;
}

export const GPU_CATALOG: readonly GpuKind[] = [
  { name: 'T4', memoryGiB: 16, pricePerHour: 0.35 },
  { name: 'L4', memoryGiB: 24, pricePerHour: 0.8 },
  { name: 'A100-40GB', memoryGiB: 40, pricePerHour: 1.29 },
  { name: 'A100-80GB', memoryGiB: 80, pricePerHour: 1.79 },
  { name: 'H100-80GB', memoryGiB: 80, pricePerHour: 2.99 },
  { name: 'H200-141GB', memoryGiB: 141, pricePerHour: 3.79 },
  { name: 'MI300X-192GB', memoryGiB: 192, pricePerHour: 2.49 },
  { name: 'TPU-v5e', memoryGiB: 16, pricePerHour: 1.2 },
];
