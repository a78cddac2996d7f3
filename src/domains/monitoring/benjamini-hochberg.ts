/**
 * Benjamini–Hochberg adjusted p-values (scipy.stats.false_discovery_control(method='bh')):
 * q_(i) = min over j ≥ i of p_(j)·m/j, capped at 1. Comparing q with the test threshold keeps
 * the expected share of false drift alarms across columns at that level.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const adjusted = new Array<number>(m).fill(1);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const [p, index] = order[rank - 1] as readonly [number, number];
    running = Math.min(running, (p * m) / rank);
    adjusted[index] = Math.min(1, running);
  }
  return adjusted;
}
