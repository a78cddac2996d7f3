import type { DriftTestChoice, DriftTestName } from '../../../../src/sdk/index.js';
import { ChoiceField, FormField } from './form-field.js';
import { DEFAULT_THRESHOLDS } from './monitor-draft.js';
import type { FieldKey } from './monitor-form-errors.js';
import type { SectionProps } from './monitor-form-parts.js';

const TEST_LABELS: Record<DriftTestChoice, string> = {
  auto: 'Auto: per column type and size',
  ks: 'Kolmogorov–Smirnov',
  chi2: 'Chi-squared',
  z: 'Z-test for proportions',
  psi: 'Population stability index',
  wasserstein: 'Wasserstein (normalised)',
  js: 'Jensen–Shannon',
};
const TESTS = Object.keys(TEST_LABELS) as DriftTestChoice[];

const THRESHOLD_LABELS: Record<DriftTestName, string> = { ks: 'KS p-value', chi2: 'Chi-squared p-value', z: 'Z-test p-value', psi: 'PSI', wasserstein: 'Wasserstein', js: 'Jensen–Shannon' };

/** Keys of the settings this section holds, so a failed create can open it to show the error. */
export const DRIFT_SETTING_FIELDS: readonly FieldKey[] = ['test', 'driftShare', 'columns', 'tolerance', ...(Object.keys(DEFAULT_THRESHOLDS) as DriftTestName[]).map((t) => `threshold:${t}` as const)];

/** Tests, thresholds and performance tolerance, prefilled with the server's defaults. */
export function DriftSettingsFields({ draft, set, errors }: SectionProps) {
  return (
    <div className="monitor-form-grid">
      <ChoiceField id="monitor-test" label="Drift test" error={errors.test} value={draft.test} choices={TESTS} text={(t) => TEST_LABELS[t]} onChange={(t) => set('test', t)} />
      <FormField id="monitor-drift-share" label="Dataset drift share" error={errors.driftShare} help="Drift when this share of columns drift">
        {(p) => <input {...p} className="input" inputMode="decimal" value={draft.driftShare} onChange={(e) => set('driftShare', e.target.value)} />}
      </FormField>
      <FormField id="monitor-tolerance" label="Accuracy tolerance" error={errors.tolerance} help="Degradation allowed below the registry baseline">
        {(p) => <input {...p} className="input" inputMode="decimal" value={draft.tolerance} onChange={(e) => set('tolerance', e.target.value)} />}
      </FormField>
      <FormField id="monitor-columns" label="Columns" error={errors.columns} help="Comma-separated; empty: every shared column">
        {(p) => <input {...p} className="input" placeholder="tenure, spend" value={draft.columns} onChange={(e) => set('columns', e.target.value)} />}
      </FormField>
      <fieldset className="monitor-form-section form-field--wide">
        <legend>Thresholds</legend>
        <p className="field-help muted small form-field--wide">p-value tests drift when p is below; distances when at or above.</p>
        {(Object.keys(DEFAULT_THRESHOLDS) as DriftTestName[]).map((t) => (
          <FormField key={t} id={`monitor-threshold-${t}`} label={THRESHOLD_LABELS[t]} error={errors[`threshold:${t}`]}>
            {(p) => <input {...p} className="input" inputMode="decimal" value={draft.thresholds[t]} onChange={(e) => set('thresholds', { ...draft.thresholds, [t]: e.target.value })} />}
          </FormField>
        ))}
      </fieldset>
    </div>
  );
}
