import { useState } from 'react';
import type { Deployment } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { ModalDialog } from '../../ui/modal-dialog.js';

/** Makes the previous revision current again (blue-green: switches slots back), after a confirmation. */
export function RollbackDeploymentButton({ deployment, onRolledBack }: { deployment: Deployment; onRolledBack: (message: string) => void }) {
  const keel = useKeel();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = deployment.revision <= 1 && deployment.config.strategy !== 'blue-green';

  async function confirm(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const next = await keel.deployments.rollback(deployment.name, reason.trim() || undefined);
      setOpen(false);
      onRolledBack(`Rolled back: revision ${next.revision} restores the previous configuration (${next.config.strategy}).`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="button button--ghost" disabled={first} title={first ? 'The first revision has nothing to go back to' : undefined} onClick={() => setOpen(true)}>
        Roll back
      </button>
      {open && (
        <ModalDialog title={`Roll back ${deployment.name}?`} confirmLabel="Roll back" tone="danger" busy={busy} onConfirm={() => void confirm()} onClose={() => setOpen(false)}>
          <p>The previous revision becomes current again as a new revision; traffic moves at once. The rollback is audited.</p>
          <label className="field">
            <span>Reason</span>
            <textarea className="input textarea" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. p99 regression on the canary" />
          </label>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </ModalDialog>
      )}
    </>
  );
}
