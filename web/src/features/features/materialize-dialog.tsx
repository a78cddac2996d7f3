import { useState } from 'react';
import { useKeel } from '../../app/keel-client.js';
import type { MaterializationRun } from '../../../../src/sdk/index.js';
import { ModalDialog } from '../../ui/modal-dialog.js';
import { useAction } from '../../ui/use-action.js';
import { INCREMENTAL_DRAFT, materializeRequest, type MaterializeDraft } from './materialization.js';

interface MaterializeDialogProps {
  /** One view, or all of them when undefined. */
  view: string | undefined;
  onStarted: (run: MaterializationRun) => void;
  onClose: () => void;
}

/** Queues a background materialization: incremental (since each view's last run) or an event-time window. */
export function MaterializeDialog({ view, onStarted, onClose }: MaterializeDialogProps) {
  const keel = useKeel();
  const action = useAction();
  const [draft, setDraft] = useState<MaterializeDraft>(INCREMENTAL_DRAFT);
  const set = (patch: Partial<MaterializeDraft>): void => setDraft({ ...draft, ...patch });

  function confirm(): void {
    void action.run(async () => {
      onStarted(await keel.features.startMaterialization(materializeRequest(draft, view)));
    });
  }

  return (
    <ModalDialog title={view === undefined ? 'Materialize all views' : `Materialize ${view}`} confirmLabel="Materialize" busy={action.busy} onConfirm={confirm} onClose={onClose}>
      <fieldset className="materialize-modes">
        <legend className="visually-hidden">What to materialize</legend>
        <label className="materialize-mode">
          <input type="radio" name="materialize-mode" checked={draft.mode === 'incremental'} onChange={() => set({ mode: 'incremental' })} />
          <span>
            Incremental <span className="muted small">— events since each view’s last materialization, up to now</span>
          </span>
        </label>
        <label className="materialize-mode">
          <input type="radio" name="materialize-mode" checked={draft.mode === 'window'} onChange={() => set({ mode: 'window' })} />
          <span>
            Time window <span className="muted small">— the newest value per entity with event time in it</span>
          </span>
        </label>
      </fieldset>
      {draft.mode === 'window' && (
        <div className="materialize-window">
          <label className="field">
            <span>
              Start <span className="muted small">(empty: the beginning)</span>
            </span>
            <input type="datetime-local" className="input" value={draft.start} onChange={(e) => set({ start: e.target.value })} />
          </label>
          <label className="field">
            <span>
              End <span className="muted small">(empty: now)</span>
            </span>
            <input type="datetime-local" className="input" value={draft.end} onChange={(e) => set({ end: e.target.value })} />
          </label>
        </div>
      )}
      {action.error && (
        <p className="field-error" role="alert">
          {action.error}
        </p>
      )}
    </ModalDialog>
  );
}
