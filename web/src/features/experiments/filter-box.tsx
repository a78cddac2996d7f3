import { useState, type FormEvent } from 'react';

interface FilterBoxProps {
  value: string;
  error: string | null;
  onSubmit: (filter: string) => void;
}

const EXAMPLE = "metrics.accuracy > 0.9 and params.lr = '0.01'";

/** The MLflow search grammar, typed as-is and applied on Enter; the server judges it. */
export function FilterBox({ value, error, onSubmit }: FilterBoxProps) {
  const [draft, setDraft] = useState(value);
  const [lastValue, setLastValue] = useState(value);
  if (value !== lastValue) {
    // Back/forward or a link changed the filter: show it.
    setLastValue(value);
    setDraft(value);
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    onSubmit(draft.trim());
  }

  return (
    <form className="filter-box" role="search" onSubmit={submit}>
      <label htmlFor="run-filter" className="visually-hidden">
        Filter runs
      </label>
      <div className="filter-input-row">
        <input
          id="run-filter"
          className="input mono"
          spellCheck={false}
          autoComplete="off"
          placeholder={EXAMPLE}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'run-filter-error' : 'run-filter-help'}
        />
        <button type="submit" className="button">
          Search
        </button>
        {value && (
          <button
            type="button"
            className="button button--ghost"
            onClick={() => {
              setDraft('');
              onSubmit('');
            }}
          >
            Clear
          </button>
        )}
      </div>
      {error ? (
        <p id="run-filter-error" className="field-error" role="alert">
          {error}
        </p>
      ) : (
        <p id="run-filter-help" className="muted small field-help">
          <code>metrics.</code>, <code>params.</code>, <code>tags.</code> and <code>attributes.</code> joined with <code>and</code>;
          strings in quotes, <code>LIKE</code>/<code>ILIKE</code> with <code>%</code>.
        </p>
      )}
    </form>
  );
}
