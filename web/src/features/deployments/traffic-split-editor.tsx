import { useState } from 'react';
import type { Deployment } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { ReasonDialog, useReasonAction } from '../../ui/reason-dialog.js';
import { armRef, armShare } from './live-format.js';
import { respecWithWeight, weightEditable } from './redeploy-spec.js';

function SplitBar({ d, candidatePercent }: { d: Deployment; candidatePercent: number | null }) {
  return (
    <div className="split-bar" role="img" aria-label="Traffic split">
      {d.config.arms.map((a, i) => {
        const share = candidatePercent === null ? a.weight * 100 : i === 0 ? 100 - candidatePercent : candidatePercent;
        return (
          <span key={a.name} className={`split-segment split-segment--${i}`} style={{ flexGrow: Math.max(share, 0.0001) }} title={`${a.name} ${share}%`}>
            {share >= 8 ? `${a.name} ${Math.round(share * 10) / 10}%` : ''}
          </span>
        );
      })}
    </div>
  );
}

/** The split per version; for canary and A/B the candidate's share is editable, saved as a new revision. */
export function TrafficSplitEditor({ deployment, onSaved }: { deployment: Deployment; onSaved: (message: string) => void }) {
  const keel = useKeel();
  const editable = weightEditable(deployment);
  const stored = Math.round((deployment.config.arms[1]?.weight ?? 0) * 1000) / 10;
  const [percent, setPercent] = useState(stored);
  const [confirming, setConfirming] = useState(false);
  const split = useReasonAction();
  const [first, second] = deployment.config.arms;

  async function save(): Promise<void> {
    await split.runWithReason(async (reason) => {
      const next = await keel.deployments.deploy(deployment.name, respecWithWeight(deployment, percent, reason));
      setConfirming(false);
      onSaved(`Saved revision ${next.revision}: ${next.config.arms.map((a) => `${a.name} ${Math.round(a.weight * 1000) / 10}%`).join(', ')}.`);
    });
  }

  return (
    <section className="panel" aria-labelledby="split-title">
      <div className="panel-title-row">
        <h2 id="split-title">Traffic split</h2>
        <p className="muted small">revision {deployment.revision}</p>
      </div>
      <SplitBar d={deployment} candidatePercent={editable ? percent : null} />
      <table className="table table--compact split-table">
        <caption className="visually-hidden">Versions and weights</caption>
        <tbody>
          {deployment.config.arms.map((a) => (
            <tr key={a.name} data-arm={a.name}>
              <th scope="row">{a.name}</th>
              <td className="mono">{armRef(a)}</td>
              <td className="num mono">{armShare(deployment.config.strategy, a)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {editable && first && second ? (
        <form
          className="split-form"
          onSubmit={(e) => {
            e.preventDefault();
            split.setError(null);
            setConfirming(true);
          }}
        >
          <label className="field">
            <span>
              {second.name} ({armRef(second)}) share, %
            </span>
            <span className="split-inputs">
              <input type="range" min={0} max={100} step={1} value={percent} onChange={(e) => setPercent(Number(e.target.value))} aria-label={`${second.name} share slider`} />
              <input className="input split-number" type="number" min={0} max={100} step={0.5} value={percent} onChange={(e) => setPercent(Math.min(100, Math.max(0, Number(e.target.value))))} />
            </span>
          </label>
          <p className="muted small">
            {first.name} gets {Math.round((100 - percent) * 10) / 10}%.
            {deployment.config.strategy === 'canary' && ' Saving restarts the canary ladder at this step.'}
          </p>
          <div className="form-actions">
            <button type="button" className="button button--ghost" disabled={percent === stored} onClick={() => setPercent(stored)}>
              Reset
            </button>
            <button type="submit" className="button" disabled={percent === stored}>
              Save split
            </button>
          </div>
        </form>
      ) : (
        <p className="muted small">
          {deployment.config.strategy === 'bandit'
            ? 'The bandit sets the split from rewards.'
            : deployment.config.strategy === 'shadow'
              ? 'The shadow gets a copy of every request; production answers all of them.'
              : 'One version takes all traffic. Deploy with a canary or A/B candidate to split it.'}
        </p>
      )}
      {confirming && (
        <ReasonDialog
          title={`Change the split of ${deployment.name}?`}
          confirmLabel="Save as new revision"
          action={split}
          rows={2}
          placeholder="e.g. widen the canary after a clean hour"
          onConfirm={() => void save()}
          onClose={() => setConfirming(false)}
        >
          <p>
            {first?.name} {Math.round((100 - percent) * 10) / 10}% · {second?.name} {percent}%. Traffic moves as soon as the revision is stored; roll back to undo.
          </p>
        </ReasonDialog>
      )}
    </section>
  );
}
