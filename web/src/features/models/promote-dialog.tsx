import { useState } from 'react';
import type { GateReportRecord, ModelVersion, Stage } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { ModalDialog } from '../../ui/modal-dialog.js';
import { RefusedChecks } from './refused-checks.js';
import { errorText } from '../../ui/error-text.js';
import { refusedReport } from './registry-errors.js';

const TARGETS: readonly Stage[] = ['Staging', 'Production', 'Archived'];

interface PromoteDialogProps {
  name: string;
  version: ModelVersion;
  onClose: () => void;
  onPromoted: (message: string) => void;
}

/**
 * Confirms a stage change with its reason. A gate refusal (412) keeps the dialog open and lists
 * the failed checks from the error's report; an admin may then force it, with a reason.
 */
export function PromoteDialog({ name, version, onClose, onPromoted }: PromoteDialogProps) {
  const keel = useKeel();
  const [stage, setStage] = useState<Stage>(version.stage === 'Production' ? 'Archived' : version.stage === 'Staging' ? 'Production' : 'Staging');
  const [reason, setReason] = useState('');
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<GateReportRecord | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function confirm(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const trimmed = reason.trim();
      // The gate runs the model over the evaluation set: allow it longer than the UI's 4 s default.
      const result = await keel.models.promote(name, version.version, { stage, force, ...(trimmed ? { reason: trimmed } : {}) }, { timeoutMs: 120_000 });
      onPromoted(result.message);
    } catch (err) {
      const report = refusedReport(err);
      setRefused(report ?? null);
      setError(report ? null : errorText(err));
      setBusy(false);
    }
  }

  const needsReason = force && !reason.trim();
  return (
    <ModalDialog
      title={`Change the stage of ${name} version ${version.version}`}
      confirmLabel={force ? `Force to ${stage}` : stage === 'Production' ? 'Promote to Production' : `Move to ${stage}`}
      tone={force || stage === 'Archived' ? 'danger' : 'default'}
      busy={busy}
      confirmDisabled={needsReason || stage === version.stage}
      onConfirm={() => void confirm()}
      onClose={onClose}
    >
      <p className="muted">
        Now in <strong>{version.stage}</strong>. Production goes through the validation gate and archives the current Production version in the same transaction.
      </p>
      <fieldset className="segmented stage-choice" aria-label="Target stage">
        {TARGETS.map((s) => (
          <label key={s} className={`segment${stage === s ? ' is-checked' : ''}`}>
            <input type="radio" name="stage" value={s} checked={stage === s} onChange={() => setStage(s)} className="visually-hidden" />
            {s}
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span>Reason {force ? '(required when forcing)' : '(recorded in the audit log)'}</span>
        <textarea className="input textarea" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. beats v3 by 2% accuracy on the holdout" />
      </label>
      {refused && (
        <>
          <RefusedChecks report={refused} />
          <label className="checkbox-label">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
            Force past the gate (admin keys only; recorded with the reason)
          </label>
        </>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </ModalDialog>
  );
}
