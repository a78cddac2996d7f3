import { useState, type FormEvent } from 'react';
import type { ModelVersion, RegisteredModel } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { Link } from '../../app/link.js';
import { versionPath } from './model-paths.js';
import { errorText } from '../../ui/error-text.js';

interface AliasEditorProps {
  name: string;
  aliases: RegisteredModel['aliases'];
  versions: readonly ModelVersion[];
  onChanged: (message?: string) => void;
}

/** Free-form aliases (`champion`, `challenger`): point one at a version (moving it atomically) or remove it. */
export function AliasEditor({ name, aliases, versions, onChanged }: AliasEditorProps) {
  const keel = useKeel();
  const [alias, setAlias] = useState('');
  const [version, setVersion] = useState<number | ''>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const target = version === '' ? versions[0]?.version : version;

  async function run(action: () => Promise<unknown>, message: string): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await action();
      onChanged(message);
      setAlias('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const a = alias.trim();
    if (a && target !== undefined) void run(() => keel.models.setAlias(name, a, target), `Alias @${a} now points at version ${target}.`);
  }

  return (
    <section className="panel" aria-labelledby="aliases-title">
      <h2 id="aliases-title">
        Aliases {aliases.length > 0 && <span className="count">{aliases.length}</span>}
      </h2>
      {aliases.length === 0 ? (
        <p className="muted">No aliases. Clients can load a model by alias (<code>models:/{name}@champion</code>) and follow it as it moves.</p>
      ) : (
        <ul className="alias-list">
          {aliases.map((a) => (
            <li key={a.alias}>
              <span className="alias-badge">@{a.alias}</span>
              <span aria-hidden="true">→</span>
              <Link to={versionPath(name, a.version)}>Version {a.version}</Link>
              <button
                type="button"
                className="button button--ghost button--small"
                disabled={busy}
                aria-label={`Remove alias ${a.alias}`}
                onClick={() => void run(() => keel.models.deleteAlias(name, a.alias), `Alias @${a.alias} removed.`)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="alias-form" onSubmit={submit} aria-label="Set alias">
        <label className="field">
          <span>Alias</span>
          <input className="input" value={alias} onChange={(e) => setAlias(e.target.value)} placeholder="champion" aria-invalid={error ? true : undefined} />
        </label>
        <label className="field">
          <span>Version</span>
          <select className="select" value={target ?? ''} onChange={(e) => setVersion(Number(e.target.value))} disabled={versions.length === 0}>
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                {v.version} · {v.stage}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button" disabled={busy || !alias.trim() || target === undefined}>
          Set alias
        </button>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
