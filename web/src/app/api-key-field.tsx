import { useState, type FormEvent } from 'react';

interface ApiKeyFieldProps {
  apiKey: string;
  onChange: (next: string) => void;
  needed: boolean;
}

/** Shows "key set" once saved so the secret is not left on screen; the form reappears on "Change". */
export function ApiKeyField({ apiKey, onChange, needed }: ApiKeyFieldProps) {
  const [draft, setDraft] = useState('');
  const [editing, setEditing] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    onChange(draft);
    setDraft('');
    setEditing(false);
  }

  if (apiKey && !editing) {
    return (
      <div className="api-key">
        <span className="api-key-set">API key set</span>
        <button type="button" className="button button--ghost" onClick={() => setEditing(true)}>
          Change
        </button>
        <button type="button" className="button button--ghost" onClick={() => onChange('')}>
          Clear
        </button>
      </div>
    );
  }

  return (
    <form className={`api-key${needed ? ' api-key--needed' : ''}`} onSubmit={submit}>
      <label htmlFor="api-key-input" className="visually-hidden">
        API key
      </label>
      <input
        id="api-key-input"
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder="API key"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        aria-invalid={needed || undefined}
      />
      <button type="submit" className="button" disabled={!draft.trim()}>
        Save
      </button>
      {editing && (
        <button type="button" className="button button--ghost" onClick={() => setEditing(false)}>
          Cancel
        </button>
      )}
    </form>
  );
}
