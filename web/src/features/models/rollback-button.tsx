import { useState } from 'react';
import { useKeel } from '../../app/keel-client.js';
import { ModalDialog } from '../../ui/modal-dialog.js';
import { errorText } from './registry-errors.js';

/** "Roll back Production": moves Production to the version it replaced, after a confirmation with a reason. */
export function RollbackButton({ name, productionVersion, onRolledBack }: { name: string; productionVersion: number | null; onRolledBack: (message: string) => void }) {
  const keel = useKeel();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const result = await keel.models.rollback(name, reason.trim() || undefined);
      setOpen(false);
      onRolledBack(`Rolled back: version ${result.version.version} is in Production again, version ${result.rolledBack} was archived.`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button
        type="button"
        className="button button--ghost"
        disabled={productionVersion === null}
        title={productionVersion === null ? 'Nothing is in Production' : undefined}
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
      >
        Roll back Production
      </button>
      {open && (
        <ModalDialog title={`Roll back ${name}?`} confirmLabel="Roll back" tone="danger" busy={busy} onConfirm={() => void confirm()} onClose={() => setOpen(false)}>
          <p>
            Version {productionVersion} leaves Production (it is archived) and the version it replaced goes back in, in one transaction. The rollback is recorded in the audit
            log.
          </p>
          <label className="field">
            <span>Reason</span>
            <textarea className="input textarea" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. p99 latency regression in serving" />
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
