/** A starting policy for a model without one: every field is explained in docs/registry.md. */
export const POLICY_TEMPLATE = {
  applyTo: ['Production'],
  evaluation: {
    dataset: { sha256: '<sha256 of a CSV/JSON file in the artifact store>' },
    features: ['feature_a', 'feature_b'],
    label: 'label',
    task: 'binary',
    prediction: { output: 'probability', kind: 'probability' },
  },
  performance: { metric: 'accuracy', minImprovement: 0.01, improvementKind: 'relative' },
  latency: { maxP99Ms: 100 },
  fairness: { metric: 'accuracy', groupColumns: ['group'], maxDisparity: 0.1 },
  resources: { maxModelBytes: 100_000_000 },
};

/** A JSON.parse failure as "line L, column C: …", where the engine reports a position. */
export function jsonProblem(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    if (!at) return message;
    const before = text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return `line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+.*$/, '')}`;
  }
}
