/**
 * The bandit's belief about an arm: Beta(1 + successes, 1 + failures), as Thompson sampling
 * draws from it. The 95% interval is read from the density on a grid while it is wide, and
 * from the normal approximation once the counts make it narrow (then the two agree).
 */
export interface Posterior {
  mean: number;
  low: number;
  high: number;
}

const GRID = 2000;

export function betaPosterior(successes: number, failures: number): Posterior {
  const a = 1 + Math.max(0, successes);
  const b = 1 + Math.max(0, failures);
  const mean = a / (a + b);
  if (a + b > 400) {
    const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
    return { mean, low: Math.max(0, mean - 1.96 * sd), high: Math.min(1, mean + 1.96 * sd) };
  }
  // Unnormalised log density at cell midpoints; the max is subtracted so exp() cannot overflow.
  const logs = Array.from({ length: GRID }, (_, i) => {
    const x = (i + 0.5) / GRID;
    return (a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x);
  });
  const top = Math.max(...logs);
  const dens = logs.map((l) => Math.exp(l - top));
  const total = dens.reduce((s, d) => s + d, 0);
  let cum = 0;
  let low = 0;
  let high = 1;
  let lowSet = false;
  for (let i = 0; i < GRID; i++) {
    cum += (dens[i] ?? 0) / total;
    if (!lowSet && cum >= 0.025) {
      low = i / GRID;
      lowSet = true;
    }
    if (cum >= 0.975) {
      high = (i + 1) / GRID;
      break;
    }
  }
  return { mean, low, high };
}
