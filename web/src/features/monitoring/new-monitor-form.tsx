import { useEffect, useState, type FormEvent } from 'react';
import type { Deployment } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { FieldError } from '../../ui/field-error.js';
import { useLoad } from '../../ui/use-load.js';
import { DatasetChooser } from './dataset-chooser.js';
import { DRIFT_SETTING_FIELDS, DriftSettingsFields } from './drift-settings-fields.js';
import { ChoiceField, FormField } from './form-field.js';
import { createInputOf, emptyDraft, windowKinds, withDeployment, withSourceKind, type MonitorDraft, type SourceKind, type WindowKind } from './monitor-draft.js';
import { formErrors, type FormErrors } from './monitor-form-errors.js';
import { ReferenceFields } from './reference-fields.js';

const SOURCE_KINDS: readonly SourceKind[] = ['deployment', 'dataset'];
const SOURCE_LABELS: Record<SourceKind, string> = { deployment: 'A deployment’s predictions', dataset: 'A stored dataset' };
const WINDOW_LABELS: Record<WindowKind, string> = { hourly: 'Hourly', daily: 'Daily', seconds: 'Every N seconds', predictions: 'Every N predictions' };

interface Files {
  source?: File | undefined;
  reference?: File | undefined;
}

/**
 * "New monitor": name, what to watch, the reference and the window, with tests and thresholds
 * prefilled under "Drift settings". The browser asks for what is missing; the server checks the
 * values, and its messages show by the field they name.
 */
export function NewMonitorForm({ onCreated, onCancel }: { onCreated: (name: string) => void; onCancel: () => void }) {
  const keel = useKeel();
  const deployments = useLoad(async () => (await keel.deployments.list()).deployments, 'deployments');
  const [draft, setDraft] = useState<MonitorDraft>(() => emptyDraft(Date.now()));
  const [files, setFiles] = useState<Files>({});
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const [advanced, setAdvanced] = useState(false);
  const set = <K extends keyof MonitorDraft>(key: K, value: MonitorDraft[K]) => setDraft((old) => ({ ...old, [key]: value }));
  const list: readonly Deployment[] = deployments.data ?? [];
  const first = list[0];

  // The first deployment (and the version it serves, as reference) until the user picks another.
  useEffect(() => {
    if (first) setDraft((old) => (old.deployment === '' ? withDeployment(old, first) : old));
  }, [first]);

  /** Uploads a chosen file; a failure is the field's error, not the form's. */
  async function upload(file: File | undefined, field: 'source' | 'refDataset'): Promise<string | undefined> {
    if (!file) return undefined;
    try {
      return (await keel.monitoring.uploadDataset(file)).sha256;
    } catch (err) {
      setErrors({ [field]: formErrors(err).form ?? String(err) });
      return undefined;
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    let d = draft;
    const sourceSha = d.sourceKind === 'dataset' ? await upload(files.source, 'source') : undefined;
    if (files.source && d.sourceKind === 'dataset' && !sourceSha) return setBusy(false);
    const refSha = d.referenceKind === 'dataset' ? await upload(files.reference, 'refDataset') : undefined;
    if (files.reference && d.referenceKind === 'dataset' && !refSha) return setBusy(false);
    if (sourceSha || refSha) {
      // Uploaded once: a retry after a server error sends the same sha256 again.
      d = { ...d, sourceSha: sourceSha ?? d.sourceSha, refSha: refSha ?? d.refSha };
      setDraft(d);
      setFiles({});
    }
    try {
      const created = await keel.monitors.create(createInputOf(d));
      onCreated(created.name);
    } catch (err) {
      const next = formErrors(err, d.sourceSha.trim());
      setErrors(next);
      if (DRIFT_SETTING_FIELDS.some((f) => next[f] !== undefined)) setAdvanced(true);
      setBusy(false);
    }
  }

  return (
    <form className="panel monitor-form" aria-labelledby="new-monitor-title" onSubmit={(e) => void submit(e)}>
      <h2 id="new-monitor-title">New monitor</h2>
      <div className="monitor-form-grid">
        <FormField id="monitor-name" label="Name" error={errors.name}>
          {(p) => <input {...p} className="input" required autoFocus placeholder="churn-daily" value={draft.name} onChange={(e) => set('name', e.target.value)} />}
        </FormField>
        <FormField id="monitor-description" label="Description" error={errors.description}>
          {(p) => <input {...p} className="input" placeholder="optional" value={draft.description} onChange={(e) => set('description', e.target.value)} />}
        </FormField>
        <fieldset className="monitor-form-section">
          <legend>Watch</legend>
          <ChoiceField id="monitor-source-kind" label="Source" value={draft.sourceKind} choices={SOURCE_KINDS} text={(k) => SOURCE_LABELS[k]} onChange={(k) => setDraft((old) => withSourceKind(old, k))} />
          {draft.sourceKind === 'deployment' ? (
            <ChoiceField
              id="monitor-deployment"
              label="Deployment"
              error={errors.source}
              help={deployments.data && list.length === 0 ? 'No deployments yet: deploy a model first, or watch a dataset' : undefined}
              value={draft.deployment}
              choices={list.map((x) => x.name)}
              none={deployments.data ? 'none' : 'Loading…'}
              required
              onChange={(name) => setDraft((old) => withDeployment(old, list.find((x) => x.name === name)))}
            />
          ) : (
            <DatasetChooser
              id="monitor-source-dataset"
              label="Dataset"
              sha={draft.sourceSha}
              format={draft.sourceFormat}
              file={files.source}
              error={errors.source}
              onSha={(v) => set('sourceSha', v)}
              onFormat={(v) => set('sourceFormat', v)}
              onFile={(f) => setFiles((old) => ({ ...old, source: f }))}
            />
          )}
        </fieldset>
        <fieldset className="monitor-form-section">
          <legend>Window</legend>
          <ChoiceField
            id="monitor-window"
            label="Window size"
            error={draft.windowKind === 'hourly' || draft.windowKind === 'daily' ? errors.window : undefined}
            value={draft.windowKind}
            choices={windowKinds(draft.sourceKind)}
            text={(k) => WINDOW_LABELS[k]}
            onChange={(k) => set('windowKind', k)}
          />
          {(draft.windowKind === 'seconds' || draft.windowKind === 'predictions') && (
            <FormField id="monitor-window-value" label={draft.windowKind === 'seconds' ? 'Seconds' : 'Predictions'} error={errors.window}>
              {(p) => <input {...p} className="input" required inputMode="numeric" value={draft.windowValue} onChange={(e) => set('windowValue', e.target.value)} />}
            </FormField>
          )}
        </fieldset>
        <ReferenceFields draft={draft} set={set} errors={errors} file={files.reference} onFile={(f) => setFiles((old) => ({ ...old, reference: f }))} />
      </div>
      <details className="monitor-form-advanced" open={advanced} onToggle={(e) => setAdvanced(e.currentTarget.open)}>
        <summary>Drift settings</summary>
        <DriftSettingsFields draft={draft} set={set} errors={errors} />
      </details>
      <label className="checkbox-label">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} />
        Run on schedule (off: only on demand)
      </label>
      <FieldError id="new-monitor-error" error={errors.form ?? null} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy || draft.name.trim() === ''}>
          {busy ? 'Creating…' : 'Create monitor'}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
