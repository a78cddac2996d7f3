import { useState } from 'react';
import { useKeel } from '../../app/keel-client.js';
import { errorText } from '../../ui/error-text.js';

/**
 * Fetches the model file through the SDK (so the API key goes along) and saves it under its
 * registered name; a plain <a href> could not send the key on a server with auth on.
 */
export function DownloadButton({ name, version, fileName }: { name: string; version: number; fileName: string }) {
  const keel = useKeel();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function download(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const res = await keel.models.download(name, version);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="download">
      <button type="button" className="button" onClick={() => void download()} disabled={busy}>
        {busy ? 'Downloading…' : `Download ${fileName}`}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
