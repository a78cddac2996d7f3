import { useState, type FormEvent } from 'react';
import { useKeel } from '../../app/keel-client.js';
import type { FeatureRegistryView, OnlineFeaturesResponse } from '../../../../src/sdk/index.js';
import { Badge } from '../../ui/badge.js';
import { joinKeysFor, parseKeyList } from './feature-lineage.js';

const STATUS_TONE = { PRESENT: 'ok', NOT_FOUND: 'neutral', OUTSIDE_TTL: 'warn' } as const;

/** Online lookup: pick a feature service (or one view), type entity keys, see values with status and event time. */
export function LookupForm({ registry }: { registry: FeatureRegistryView }) {
  const keel = useKeel();
  const choices = [...registry.services.map((s) => ({ id: `service:${s.spec.name}`, label: `service ${s.spec.name}`, refs: s.spec.features })), ...registry.views.map((v) => ({ id: `view:${v.spec.name}`, label: `view ${v.spec.name}`, refs: [`${v.spec.name}:*`] }))];
  const [choice, setChoice] = useState(choices[0]?.id ?? '');
  const [keys, setKeys] = useState<Record<string, string>>({});
  const [result, setResult] = useState<OnlineFeaturesResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const selected = choices.find((c) => c.id === choice);
  const joinKeys = joinKeysFor(registry, selected?.refs ?? []);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (!selected) return;
    setBusy(true);
    setError(null);
    try {
      const entities = Object.fromEntries(joinKeys.map((k) => [k.name, parseKeyList(keys[k.name] ?? '', k.type)]));
      const target = selected.id.startsWith('service:') ? { service: selected.id.slice('service:'.length) } : { features: selected.refs };
      setResult(await keel.features.online({ ...target, entities }));
    } catch (err) {
      setResult(null);
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  if (choices.length === 0) return <p className="muted">Apply a feature view first.</p>;
  const rows = result?.results[0]?.values.length ?? 0;
  return (
    <div>
      <form className="lookup-form" onSubmit={(e) => void submit(e)} aria-label="Online lookup">
        <label className="field">
          <span>Features</span>
          <select className="input" value={choice} onChange={(e) => setChoice(e.target.value)}>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        {joinKeys.map((k) => (
          <label key={k.name} className="field">
            <span>
              {k.name} <span className="muted small">({k.type}, comma-separated)</span>
            </span>
            <input className="input" placeholder={k.type === 'int64' ? '1, 2' : 'a, b'} value={keys[k.name] ?? ''} onChange={(e) => setKeys({ ...keys, [k.name]: e.target.value })} aria-invalid={error ? true : undefined} />
          </label>
        ))}
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            Look up
          </button>
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
      {result && (
        <div className="table-scroll">
          <table className="table" aria-label="Online feature values">
            <thead>
              <tr>
                {result.metadata.feature_names.map((n) => (
                  <th key={n} scope="col">
                    {n}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: rows }, (_, r) => (
                <tr key={r}>
                  {result.results.map((col, i) => {
                    const status = col.statuses[r] ?? 'NOT_FOUND';
                    const name = result.metadata.feature_names[i] ?? '';
                    const stamp = col.event_timestamps[r];
                    return (
                      <td key={name} title={stamp ? `event time ${stamp}` : undefined}>
                        {status === 'PRESENT' ? String(col.values[r] ?? 'null') : <Badge tone={STATUS_TONE[status]}>{status.toLowerCase().replace('_', ' ')}</Badge>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
