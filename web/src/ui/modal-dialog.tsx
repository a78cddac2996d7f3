import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import './modal-dialog.css';

interface ModalDialogProps {
  title: string;
  /** What the confirm button says ("Promote", "Roll back"). */
  confirmLabel: string;
  busy?: boolean;
  /** Danger styling for actions that move production. */
  tone?: 'default' | 'danger';
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}

/**
 * A native modal <dialog>: focus is trapped and restored by the browser, Escape closes it.
 * Rendered only while open; the parent decides when by mounting it.
 */
export function ModalDialog({ title, confirmLabel, busy = false, tone = 'default', confirmDisabled = false, onConfirm, onClose, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!busy && !confirmDisabled) onConfirm();
  }

  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form method="dialog" onSubmit={submit}>
        <h2 id={titleId} className="modal-title">
          {title}
        </h2>
        <div className="modal-body">{children}</div>
        <div className="modal-actions">
          <button type="button" className="button button--ghost" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className={`button${tone === 'danger' ? ' button--danger' : ''}`} disabled={busy || confirmDisabled}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
