import { useState, type FormEvent } from 'react';
import { useKeel } from '../../app/keel-client.js';
import { errorText } from './registry-errors.js';

/** "New model": a button that opens a name + description form; the server's message shows inline. */
export function CreateModelForm({ onCreated }: { onCreated: (name: string) => void }) {
  const keel = useKeel();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await keel.models.create({ name: name.trim(), description: description.trim() });
      onCreated(created.name);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        New model
      </button>
    );
  }
  return (
    <form className="create-model-form" onSubmit={(e) => void submit(e)} aria-label="New model">
      <label className="field">
        <span>Name</span>
        <input
          className="input"
          autoFocus
          placeholder="churn-classifier"
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'new-model-error' : undefined}
        />
      </label>
      <label className="field">
        <span>Description</span>
        <input className="input" placeholder="optional" value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy || !name.trim()}>
          Create
        </button>
        <button type="button" className="button button--ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      {error && (
        <p id="new-model-error" className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
