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

interface ChoiceFieldProps<T extends string> extends Omit<FormFieldProps, 'children'> {
  value: T;
  choices: readonly T[];
  label: string;
  /** What each choice reads as; default the value itself. */
  text?: (choice: T) => string;
  /** Shown as the only option while there are no choices ("Loading…"). */
  none?: string;
  required?: boolean;
  onChange: (choice: T) => void;
}

/** A FormField holding a select over a fixed list of values. */
export function ChoiceField<T extends string>({ value, choices, text = (c) => c, none, required, onChange, ...field }: ChoiceFieldProps<T>) {
  return (
    <FormField {...field}>
      {(p) => (
        <select {...p} className="input" required={required} value={value} onChange={(e) => onChange(e.target.value as T)}>
          {choices.length === 0 && none !== undefined && <option value="">{none}</option>}
          {choices.map((c) => (
            <option key={c} value={c}>
              {text(c)}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}
