import { useState, type ReactNode } from 'react';
import { FieldError } from './field-error.js';
import { ModalDialog } from './modal-dialog.js';
import { useAction, type Action } from './use-action.js';

export interface ReasonAction extends Action {
  reason: string;
  setReason: (reason: string) => void;
  /** Runs `action` with the typed reason, `undefined` when left blank. */
  runWithReason: (action: (reason: string | undefined) => Promise<void>) => Promise<void>;
}

/** A request that moves production and is audited with a reason; the reason survives closing the dialog. */
export function useReasonAction(): ReasonAction {
  const action = useAction();
  const [reason, setReason] = useState('');
  return { ...action, reason, setReason, runWithReason: (run) => action.run(() => run(reason.trim() || undefined)) };
}

interface ReasonDialogProps {
  title: string;
  confirmLabel: string;
  action: ReasonAction;
  rows: number;
  placeholder: string;
  onConfirm: () => void;
  onClose: () => void;
  /** What confirming does, in words. */
  children: ReactNode;
}

/** A danger confirmation asking why, with the request's error under the reason. */
export function ReasonDialog({ title, confirmLabel, action, rows, placeholder, onConfirm, onClose, children }: ReasonDialogProps) {
  return (
    <ModalDialog title={title} confirmLabel={confirmLabel} tone="danger" busy={action.busy} onConfirm={onConfirm} onClose={onClose}>
      {children}
      <label className="field">
        <span>Reason</span>
        <textarea className="input textarea" rows={rows} value={action.reason} onChange={(e) => action.setReason(e.target.value)} placeholder={placeholder} />
      </label>
      <FieldError error={action.error} />
    </ModalDialog>
  );
}
