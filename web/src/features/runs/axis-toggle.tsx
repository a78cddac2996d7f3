import type { XAxis } from './metric-series.js';

/** Step or wall time on the x axis of every chart on the page. */
export function AxisToggle({ value, onChange }: { value: XAxis; onChange: (next: XAxis) => void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label="X axis">
      {(['step', 'time'] as const).map((axis) => (
        <button key={axis} type="button" role="radio" aria-checked={value === axis} className="segment" onClick={() => onChange(axis)}>
          {axis === 'step' ? 'Step' : 'Wall time'}
        </button>
      ))}
    </div>
  );
}
