import { useState } from 'react';
import type { Deployment, Arm } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { errorText } from '../../ui/error-text.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { formatMs } from './live-format.js';
import { exampleBody, parseBody, tryModeOf, type TryMode } from './try-it-request.js';

interface Answer {
  ms: number;
  arm: string;
  model: string;
  version: number;
  requestId: string;
  outputs: unknown;
}

/** The arm whose signature the form follows: the one taking most traffic. */
function answeringArm(d: Deployment): Arm | undefined {
  if (d.config.strategy === 'blue-green') return d.config.arms.find((a) => a.name === d.config.activeSlot) ?? d.config.arms[0];
  return [...d.config.arms].sort((a, b) => b.weight - a.weight)[0];
}

/** Sends one request through the deployment's strategy and shows what came back and how long it took. */
export function TryItForm({ deployment }: { deployment: Deployment }) {
  const keel = useKeel();
  const arm = answeringArm(deployment);
  const version = useLoad(() => (arm ? keel.models.version(arm.model, arm.version) : Promise.reject(new Error('no arm'))), `${deployment.name}:${arm?.model}@${arm?.version}`);
  const signature = version.data?.signature ?? null;

  return (
    <section className="panel" aria-labelledby="try-title">
      <div className="panel-title-row">
        <h2 id="try-title">Try it</h2>
        {arm && (
          <p className="muted small">
            signature of {arm.model}@{arm.version}
          </p>
        )}
      </div>
      {version.error !== undefined ? (
        <p className="field-error" role="alert">
          Could not read the model's signature: {errorText(version.error)}
        </p>
      ) : !version.data ? (
        <Loading label="Loading signature" lines={3} />
      ) : !signature ? (
        <p className="muted">This version has no signature to build a request from.</p>
      ) : (
        <TryItEditor key={deployment.revision} name={deployment.name} mode={tryModeOf(signature)} initial={exampleBody(signature, deployment.config.processing)} />
      )}
    </section>
  );
}

function TryItEditor({ name, mode, initial }: { name: string; mode: TryMode; initial: string }) {
  const keel = useKeel();
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function send(): Promise<void> {
    setError(null);
    let body;
    try {
      body = parseBody(text, mode);
    } catch (err) {
      setAnswer(null);
      setError(errorText(err));
      return;
    }
    setBusy(true);
    const started = performance.now();
    try {
      if (body.mode === 'predict') {
        const r = await keel.predict(name, body.instances, body.key ? { key: body.key } : {});
        setAnswer({ ms: performance.now() - started, arm: r.arm, model: r.model, version: r.version, requestId: r.requestId, outputs: r.predictions });
      } else {
        const r = await keel.deployments.infer(name, body.inputs);
        setAnswer({ ms: performance.now() - started, arm: r.parameters?.arm ?? '—', model: r.model_name, version: Number(r.model_version), requestId: r.id, outputs: r.outputs });
      }
    } catch (err) {
      setAnswer(null);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="try-it"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label className="field" htmlFor="try-body">
        <span>{mode === 'predict' ? 'Request: POST /api/v1/deployments/…/predict' : 'Request: POST /v2/models/…/infer (Open Inference Protocol)'}</span>
      </label>
      <textarea
        id="try-body"
        className="input textarea code-editor try-body"
        rows={Math.min(16, text.split('\n').length + 1)}
        spellCheck={false}
        value={text}
        aria-invalid={error !== null}
        aria-describedby={error ? 'try-error' : undefined}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="form-actions">
        <button type="button" className="button button--ghost" onClick={() => setText(initial)} disabled={busy || text === initial}>
          Reset example
        </button>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Sending…' : 'Send request'}
        </button>
      </div>
      {error && (
        <p id="try-error" className="field-errors try-error" role="alert">
          {error}
        </p>
      )}
      {answer && (
        <div className="try-answer" role="status" aria-label="Prediction">
          <p className="small">
            <strong className="mono">{formatMs(answer.ms)}</strong> <span className="muted">round trip · answered by</span>{' '}
            <span className="mono">
              {answer.arm} ({answer.model}@{answer.version})
            </span>{' '}
            <span className="muted">· request {answer.requestId}</span>
          </p>
          <pre className="snippet try-output">{JSON.stringify(answer.outputs, null, 2)}</pre>
        </div>
      )}
    </form>
  );
}
