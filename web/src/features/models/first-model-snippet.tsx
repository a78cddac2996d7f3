/** The empty state of the registry: how to register a first model version. */
export function FirstModelSnippet() {
  const origin = window.location.origin;
  return (
    <div className="empty-state">
      <p>
        <strong>No registered models yet.</strong> Register an ONNX model from a file or a run's artifact; its signature is read from the model:
      </p>
      <pre className="snippet">
        <code>
          {`KEEL_URL=${origin} keel models register churn model.onnx --run <runId>

// TypeScript
await keel.models.create({ name: 'churn' });
await keel.models.register('churn', { runId, path: 'model' });

# MLflow clients, unchanged
MLFLOW_TRACKING_URI=${origin} python -c "import mlflow; mlflow.register_model('runs:/<runId>/model', 'churn')"`}
        </code>
      </pre>
    </div>
  );
}
