import { useState, type FormEvent, type ReactNode } from 'react';
import { FieldError } from './field-error.js';
import { useAction } from './use-action.js';

/** What the form's main field sets so the error under the form describes it. */
export interface InvalidProps {
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface CreateFormProps {
  /** The button that opens the form ("New model"). */
  openLabel: string;
  openClassName: string;
  formClassName: string;
  formLabel?: string;
  /** The id of the error message, for the field's aria-describedby. */
  errorId: string;
  canSubmit: boolean;
  /** Creates the thing; a throw leaves the form open with the message under it. */
  create: () => Promise<void>;
  describeError?: (error: unknown) => string;
  /** The fields, given what marks the main one invalid. */
  children: (invalid: InvalidProps) => ReactNode;
}

/** A "New …" button that opens a small create form with Create and Cancel; the server's message shows inline. */
export function CreateForm({ openLabel, openClassName, formClassName, formLabel, errorId, canSubmit, create, describeError, children }: CreateFormProps) {
  const [open, setOpen] = useState(false);
  const action = useAction(describeError);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    await action.run(async () => {
      await create();
      setOpen(false);
    });
  }

  if (!open) {
    return (
      <button type="button" className={openClassName} onClick={() => setOpen(true)}>
        {openLabel}
      </button>
    );
  }
  return (
    <form className={formClassName} onSubmit={(e) => void submit(e)} aria-label={formLabel}>
      {children({ 'aria-invalid': action.error ? true : undefined, 'aria-describedby': action.error ? errorId : undefined })}
      <div className="form-actions">
        <button type="submit" className="button" disabled={action.busy || !canSubmit}>
          Create
        </button>
        <button type="button" className="button button--ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <FieldError id={errorId} error={action.error} />
    </form>
  );
}
