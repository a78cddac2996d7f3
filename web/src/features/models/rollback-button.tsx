import { useState } from 'react';
import { useKeel } from '../../app/keel-client.js';
import { ReasonDialog, useReasonAction } from '../../ui/reason-dialog.js';

/** "Roll back Production": moves Production to the version it replaced, after a confirmation with a reason. */
export function RollbackButton({ name, productionVersion, onRolledBack }: { name: string; productionVersion: number | null; onRolledBack: (message: string) => void }) {
  const keel = useKeel();
  const [open, setOpen] = useState(false);
  const rollback = useReasonAction();

  async function confirm(): Promise<void> {
    await rollback.runWithReason(async (reason) => {
      const result = await keel.models.rollback(name, reason);
      setOpen(false);
      onRolledBack(`Rolled back: version ${result.version.version} is in Production again, version ${result.rolledBack} was archived.`);
    });
  }

  return (
    <>
      <button
        type="button"
        className="button button--ghost"
        disabled={productionVersion === null}
        title={productionVersion === null ? 'Nothing is in Production' : undefined}
        onClick={() => {
          rollback.setError(null);
          setOpen(true);
        }}
      >
        Roll back Production
      </button>
      {open && (
        <ReasonDialog
          title={`Roll back ${name}?`}
          confirmLabel="Roll back"
          action={rollback}
          rows={3}
          placeholder="e.g. p99 latency regression in serving"
          onConfirm={() => void confirm()}
          onClose={() => setOpen(false)}
        >
          <p>
            Version {productionVersion} leaves Production (it is archived) and the version it replaced goes back in, in one transaction. The rollback is recorded in the audit
            log.
          </p>
        </ReasonDialog>
      )}
    </>
  );
}
