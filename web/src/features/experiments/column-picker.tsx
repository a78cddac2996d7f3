import type { ColumnId, ColumnKeys } from './run-columns.js';

interface ColumnPickerProps {
  keys: ColumnKeys;
  chosen: readonly ColumnId[];
  onChange: (next: ColumnId[]) => void;
}

/** A disclosure menu of every param and metric key in the loaded runs. */
export function ColumnPicker({ keys, chosen, onChange }: ColumnPickerProps) {
  const chosenSet = new Set<string>(chosen);

  function toggle(column: ColumnId): void {
    onChange(chosenSet.has(column) ? chosen.filter((c) => c !== column) : [...chosen, column]);
  }

  const group = (title: string, prefix: 'params' | 'metrics', list: string[]) =>
    list.length > 0 && (
      <fieldset className="picker-group">
        <legend>{title}</legend>
        {list.map((key) => {
          const column: ColumnId = `${prefix}.${key}`;
          return (
            <label key={column} className="picker-option">
              <input type="checkbox" checked={chosenSet.has(column)} onChange={() => toggle(column)} />
              <span className="mono">{key}</span>
            </label>
          );
        })}
      </fieldset>
    );

  return (
    <details className="menu">
      <summary className="button button--ghost">Columns{chosen.length > 0 && ` · ${chosen.length}`}</summary>
      <div className="menu-panel">
        {keys.params.length + keys.metrics.length === 0 ? (
          <p className="muted small">These runs have no params or metrics yet.</p>
        ) : (
          <>
            {group('Params', 'params', keys.params)}
            {group('Metrics', 'metrics', keys.metrics)}
          </>
        )}
      </div>
    </details>
  );
}
