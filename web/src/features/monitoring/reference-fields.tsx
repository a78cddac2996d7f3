import { FieldError } from '../../ui/field-error.js';
import { DatasetChooser } from './dataset-chooser.js';
import { ChoiceField, FormField } from './form-field.js';
import { referenceKinds, type ReferenceKind } from './monitor-draft.js';
import type { SectionProps } from './monitor-form-parts.js';

const REFERENCE_LABELS: Record<ReferenceKind, string> = {
  registry: 'Training data of a model version',
  window: 'A span of the prediction log',
  dataset: 'A stored dataset or a file',
};

/** What "normal" looks like: only the kinds the watched source accepts. */
export function ReferenceFields({ draft, set, errors, file, onFile }: SectionProps & { file: File | undefined; onFile: (file: File | undefined) => void }) {
  const spanError = errors.refWindow;
  const spanProps = { 'aria-invalid': spanError ? true : undefined, 'aria-describedby': spanError ? 'monitor-ref-span-error' : undefined } as const;
  return (
    <fieldset className="monitor-form-section">
      <legend>Reference</legend>
      <ChoiceField id="monitor-reference" label="Compare with" error={errors.reference} value={draft.referenceKind} choices={referenceKinds(draft.sourceKind)} text={(k) => REFERENCE_LABELS[k]} onChange={(k) => set('referenceKind', k)} />
      {draft.referenceKind === 'registry' && (
        <>
          <FormField id="monitor-ref-model" label="Model" error={errors.refModel}>
            {(p) => <input {...p} className="input" required placeholder="churn" value={draft.refModel} onChange={(e) => set('refModel', e.target.value)} />}
          </FormField>
          <FormField id="monitor-ref-version" label="Version" error={errors.refVersion}>
            {(p) => <input {...p} className="input" required inputMode="numeric" placeholder="1" value={draft.refVersion} onChange={(e) => set('refVersion', e.target.value)} />}
          </FormField>
          <FormField id="monitor-ref-dataset-name" label="Dataset name" error={errors.refDatasetName} help="Optional: which of the version's datasets">
            {(p) => <input {...p} className="input" placeholder="train" value={draft.refDataset} onChange={(e) => set('refDataset', e.target.value)} />}
          </FormField>
        </>
      )}
      {draft.referenceKind === 'window' && (
        <div className="form-field--wide monitor-form-span">
          <div className="field form-field">
            <label htmlFor="monitor-ref-from">From</label>
            <input id="monitor-ref-from" type="datetime-local" className="input" required value={draft.refFrom} onChange={(e) => set('refFrom', e.target.value)} {...spanProps} />
          </div>
          <div className="field form-field">
            <label htmlFor="monitor-ref-to">To</label>
            <input id="monitor-ref-to" type="datetime-local" className="input" required value={draft.refTo} onChange={(e) => set('refTo', e.target.value)} {...spanProps} />
          </div>
          <FieldError id="monitor-ref-span-error" error={spanError ?? null} />
        </div>
      )}
      {draft.referenceKind === 'dataset' && (
        <DatasetChooser
          id="monitor-ref-dataset"
          label="Reference dataset"
          sha={draft.refSha}
          format={draft.refFormat}
          file={file}
          error={errors.refDataset}
          onSha={(v) => set('refSha', v)}
          onFormat={(v) => set('refFormat', v)}
          onFile={onFile}
        />
      )}
    </fieldset>
  );
}
