import { useState } from 'react';
import type { Deployment } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { ReasonDialog, useReasonAction } from '../../ui/reason-dialog.js';

/** Makes the previous revision current again (blue-green: switches slots back), after a confirmation. */
export function RollbackDeploymentButton({ deployment, onRolledBack }: { deployment: Deployment; onRolledBack: (message: string) => void }) {
  const keel = useKeel();
  const [open, setOpen] = useState(false);
  const rollback = useReasonAction();
  const first = deployment.revision <= 1 && deployment.config.strategy !== 'blue-green';

  async function confirm(): Promise<void> {
    await rollback.runWithReason(async (reason) => {
      const next = await keel.deployments.rollback(deployment.name, reason);
      setOpen(false);
      onRolledBack(`Rolled back: revision ${next.revision} restores the previous configuration (${next.config.strategy}).`);
    });
  }

  return (
    <>
      <button type="button" className="button button--ghost" disabled={first} title={first ? 'The first revision has nothing to go back to' : undefined} onClick={() => setOpen(true)}>
        Roll back
      </button>
      {open && (
        <ReasonDialog
          title={`Roll back ${deployment.name}?`}
          confirmLabel="Roll back"
          action={rollback}
          rows={2}
          placeholder="e.g. p99 regression on the canary"
          onConfirm={() => void confirm()}
          onClose={() => setOpen(false)}
        >
          <p>The previous revision becomes current again as a new revision; traffic moves at once. The rollback is audited.</p>
        </ReasonDialog>
      )}
    </>
  );
}
