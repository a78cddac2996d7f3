/** The empty state of tracking: how to log a first run from the CLI, the SDK or an MLflow client. */
export function FirstRunSnippet({ experiment }: { experiment?: string | undefined }) {
  const origin = window.location.origin;
  const name = experiment ?? 'my-experiment';
  return (
    <div className="empty-state">
      <p>
        <strong>No runs yet.</strong> Log one from a training script with the CLI, the TypeScript SDK, or any MLflow client:
      </p>
      <pre className="snippet">
        <code>
          {`# any command, Python included: params, metrics and artifacts go to this server
KEEL_URL=${origin} keel run --experiment ${JSON.stringify(name)} -- python train.py

// TypeScript
const run = await keel.startRun({ experiment: ${JSON.stringify(name)}, params: { lr: 0.01 } });
run.logMetric('loss', 0.42, 1);
await run.end('FINISHED');

# MLflow clients, unchanged
MLFLOW_TRACKING_URI=${origin} python train.py`}
        </code>
      </pre>
    </div>
  );
}
