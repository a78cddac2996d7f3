import { useState, type FormEvent } from 'react';
import type { AlertChannel, DeliveryResultView } from '../../../../src/sdk/index.js';
import { AppError } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';

type NewType = 'webhook' | 'slack';

/** Channels with a test button, and a form to add a webhook or Slack channel (its URL is never shown back in full). */
export function ChannelsPanel({ channels, onChange }: { channels: readonly AlertChannel[]; onChange: () => void }) {
  const keel = useKeel();
  const [results, setResults] = useState<Record<string, DeliveryResultView | 'sending'>>({});
  const [type, setType] = useState<NewType>('webhook');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function test(channel: string): Promise<void> {
    setResults((r) => ({ ...r, [channel]: 'sending' }));
    try {
      const result = await keel.alerts.testChannel(channel);
      setResults((r) => ({ ...r, [channel]: result }));
    } catch (err) {
      setResults((r) => ({ ...r, [channel]: { ok: false, attempts: 0, error: err instanceof Error ? err.message : String(err) } }));
    }
  }

  async function add(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setError(null);
    try {
      await keel.alerts.createChannel({ type, name: name.trim(), url: url.trim() });
      setName('');
      setUrl('');
      onChange();
    } catch (err) {
      setError(err instanceof AppError ? err.message : String(err));
    }
  }

  return (
    <>
      <div className="table-scroll">
        <table className="table table--compact alert-channels">
          <caption className="visually-hidden">Notification channels</caption>
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Type</th>
              <th scope="col">Target</th>
              <th scope="col">Test</th>
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => {
              const result = results[c.name];
              return (
                <tr key={c.name} data-channel={c.name}>
                  <th scope="row">{c.name}</th>
                  <td>{c.type}</td>
                  <td className="mono small">{c.target ?? '—'}</td>
                  <td>
                    <button type="button" className="button button--ghost" disabled={result === 'sending'} onClick={() => void test(c.name)} aria-label={`Test ${c.name}`}>
                      Send test
                    </button>{' '}
                    {result !== undefined && result !== 'sending' && (
                      <span className={result.ok ? 'small' : 'small field-error'} role="status">
                        {result.ok ? `sent (${result.attempts} attempt${result.attempts === 1 ? '' : 's'})` : `failed: ${result.error}`}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <form className="channel-form" onSubmit={(e) => void add(e)} aria-label="New channel">
        <label className="field">
          <span>Type</span>
          <select className="input" value={type} onChange={(e) => setType(e.target.value as NewType)}>
            <option value="webhook">webhook</option>
            <option value="slack">slack</option>
          </select>
        </label>
        <label className="field">
          <span>Channel name</span>
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="ml-alerts" />
        </label>
        <label className="field channel-url">
          <span>URL</span>
          <input className="input" type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://hooks.slack.com/services/…" />
        </label>
        <button type="submit" className="button" disabled={!name.trim() || !url.trim()}>
          Add channel
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
