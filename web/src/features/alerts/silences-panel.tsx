import { useState, type FormEvent } from 'react';
import type { Silence } from '../../../../src/sdk/index.js';
import { AppError } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { formatTime } from '../../ui/format.js';

const HOURS = [1, 4, 24] as const;

/** Active silences (each can be ended now) and a form for a new one: one label = value for some hours. */
export function SilencesPanel({ silences, onChange }: { silences: readonly Silence[]; onChange: () => void }) {
  const keel = useKeel();
  const [label, setLabel] = useState('monitor');
  const [value, setValue] = useState('');
  const [hours, setHours] = useState<number>(1);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const now = Date.now();
  const active = silences.filter((s) => s.endsAt > now);

  async function act(work: () => Promise<unknown>): Promise<void> {
    setError(null);
    try {
      await work();
      onChange();
    } catch (err) {
      setError(err instanceof AppError ? err.message : String(err));
    }
  }

  function add(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void act(async () => {
      await keel.alerts.silence({ matchers: [{ label: label.trim(), value }], endsAt: Date.now() + hours * 3_600_000, comment });
      setValue('');
      setComment('');
    });
  }

  return (
    <>
      {active.length === 0 ? (
        <p className="muted">No active silence.</p>
      ) : (
        <ul className="silence-list">
          {active.map((s) => (
            <li key={s.id}>
              <span className="mono small">{s.matchers.map((m) => `${m.label}${m.isEqual ? '=' : '!='}${m.value}`).join(', ')}</span> <span className="muted small">until {formatTime(s.endsAt)}</span> {s.comment && <span className="small">— {s.comment}</span>}{' '}
              <button type="button" className="button button--ghost" onClick={() => void act(() => keel.alerts.expireSilence(s.id))}>
                End now
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="channel-form" onSubmit={add} aria-label="New silence">
        <label className="field">
          <span>Label</span>
          <input className="input" value={label} onChange={(e) => setLabel(e.target.value)} />
        </label>
        <label className="field">
          <span>Value</span>
          <input className="input" value={value} onChange={(e) => setValue(e.target.value)} placeholder="churn-daily" />
        </label>
        <label className="field">
          <span>For</span>
          <select className="input" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            {HOURS.map((h) => (
              <option key={h} value={h}>
                {h} h
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Comment</span>
          <input className="input" value={comment} onChange={(e) => setComment(e.target.value)} placeholder="maintenance" />
        </label>
        <button type="submit" className="button" disabled={!label.trim()}>
          Silence
        </button>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </>
  );
}
