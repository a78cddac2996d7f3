import { useState, type FormEvent } from 'react';
import { AppError } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';

/** "New experiment": a button that opens a one-field form; the server's message shows inline (e.g. the name exists). */
export function CreateExperimentForm({ onCreated }: { onCreated: (experimentId: string) => void }) {
  const keel = useKeel();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await keel.experiments.create({ name: name.trim() });
      setName('');
      setOpen(false);
      onCreated(created.experimentId);
    } catch (err) {
      setError(err instanceof AppError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="button button--block" onClick={() => setOpen(true)}>
        New experiment
      </button>
    );
  }
  return (
    <form className="create-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor="new-experiment-name" className="visually-hidden">
        Experiment name
      </label>
      <input
        id="new-experiment-name"
        className="input"
        autoFocus
        placeholder="Experiment name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'new-experiment-error' : undefined}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy || !name.trim()}>
          Create
        </button>
        <button type="button" className="button button--ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      {error && (
        <p id="new-experiment-error" className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
