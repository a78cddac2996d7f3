import type { ReactNode } from 'react';
import { FieldError } from '../../ui/field-error.js';

/** What a control needs to be labelled and to point at its error (or help) text. */
export interface FieldProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface FormFieldProps {
  id: string;
  label: string;
  /** The server's message about this field, shown under it. */
  error?: string | undefined;
  help?: ReactNode;
  wide?: boolean;
  children: (props: FieldProps) => ReactNode;
}

/** One labelled control of a form with its help line and, after a failed submit, its error. */
export function FormField({ id, label, error, help, wide = false, children }: FormFieldProps) {
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  return (
    <div className={wide ? 'field form-field form-field--wide' : 'field form-field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? errorId : help ? helpId : undefined })}
      {help && !error && (
        <span id={helpId} className="field-help muted small">
          {help}
        </span>
      )}
      <FieldError id={errorId} error={error ?? null} />
    </div>
  );
}
