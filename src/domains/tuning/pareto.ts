/**
 * Pareto helpers on "lower is better" vectors: fast non-dominated sorting (Deb et
 * al., NSGA-II) and crowding distance, used by the multi-objective samplers and by
 * the study's Pareto-front analysis.
 */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let strictly = false;
  for (let i = 0; i < a.length; i++) {
    if ((a[i] as number) > (b[i] as number)) return false;
    if ((a[i] as number) < (b[i] as number)) strictly = true;
  }
  return strictly;
}

/** Rank 0 is the Pareto front; rank r is the front once ranks < r are removed. */
export function nondominatedRanks(points: readonly (readonly number[])[]): number[] {
  const n = points.length;
  const dominatedBy = new Array<number>(n).fill(0);
  const dominating: number[][] = points.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(points[i] as number[], points[j] as number[])) {
        (dominating[i] as number[]).push(j);
        dominatedBy[j] = (dominatedBy[j] as number) + 1;
      } else if (dominates(points[j] as number[], points[i] as number[])) {
        (dominating[j] as number[]).push(i);
        dominatedBy[i] = (dominatedBy[i] as number) + 1;
      }
    }
  }
  const ranks = new Array<number>(n).fill(-1);
  let front = dominatedBy.flatMap((c, i) => (c === 0 ? [i] : []));
  let rank = 0;
  while (front.length > 0) {
    const next: number[] = [];
    for (const i of front) {
      ranks[i] = rank;
      for (const j of dominating[i] as number[]) {
        dominatedBy[j] = (dominatedBy[j] as number) - 1;
        if (dominatedBy[j] === 0) next.push(j);
      }
    }
    front = next;
    rank++;
  }
  return ranks;
}

/** NSGA-II's crowding distance within one front; boundary points get Infinity. */
export function crowdingDistance(points: readonly (readonly number[])[]): Float64Array {
  const n = points.length;
  const d = new Float64Array(n);
  if (n <= 2) return d.fill(Infinity);
  const m = points[0]?.length ?? 0;
  for (let k = 0; k < m; k++) {
    const order = Array.from(points.keys()).sort((a, b) => (points[a]?.[k] as number) - (points[b]?.[k] as number));
    const lo = points[order[0] as number]?.[k] as number;
    const hi = points[order[n - 1] as number]?.[k] as number;
    d[order[0] as number] = Infinity;
    d[order[n - 1] as number] = Infinity;
    if (hi === lo) continue;
    for (let i = 1; i < n - 1; i++) {
      const idx = order[i] as number;
      d[idx] = (d[idx] as number) + ((points[order[i + 1] as number]?.[k] as number) - (points[order[i - 1] as number]?.[k] as number)) / (hi - lo);
    }
  }
  return d;
}

/** Indices of the non-dominated points. */
export function paretoFront(points: readonly (readonly number[])[]): number[] {
  return nondominatedRanks(points).flatMap((r, i) => (r === 0 ? [i] : []));
}
