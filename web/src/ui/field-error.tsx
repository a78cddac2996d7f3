/** A form's error message, announced when it appears; `id` lets a field point at it with aria-describedby. */
export function FieldError({ id, error }: { id?: string; error: string | null }) {
  if (!error) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {error}
    </p>
  );
}
