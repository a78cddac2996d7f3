/** A row of radio buttons in the shared `.segmented` look, for a handful of exclusive choices. */
export function Segmented<T extends string>({ label, options, value, onChange }: { label: string; options: readonly (readonly [T, string])[]; value: T; onChange: (v: T) => void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map(([v, text]) => (
        <button key={v} type="button" role="radio" aria-checked={value === v} className="segment" onClick={() => onChange(v)}>
          {text}
        </button>
      ))}
    </div>
  );
}
