import { useEffect, useState } from 'react';
import { useKeel } from '../../app/keel-client.js';
import { describeProblem } from '../../app/server-status.js';
import { formatBytes } from '../../ui/format.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import type { ArtifactEntry } from '../experiments/tracking-types.js';
import { baseName, looksBinary, previewKind, readHead } from './artifact-kind.js';

/** Text previews stop here; the full file is one click on Download away. */
export const TEXT_PREVIEW_BYTES = 64 * 1024;
/** JSON up to this size is parsed and pretty-printed; larger files show their raw head. */
const JSON_PRETTY_BYTES = 2 * 1024 * 1024;
const IMAGE_PREVIEW_BYTES = 25 * 1024 * 1024;

type Preview =
  | { kind: 'text'; text: string; truncated: boolean }
  | { kind: 'image'; blob: Blob }
  | { kind: 'binary' }
  | { kind: 'too-large' };

async function loadPreview(download: () => Promise<Response>, entry: ArtifactEntry): Promise<Preview> {
  const kind = previewKind(entry.path);
  if (kind === 'image') {
    if ((entry.size ?? 0) > IMAGE_PREVIEW_BYTES) return { kind: 'too-large' };
    // Through the SDK rather than <img src>, so the API key travels with the request.
    return { kind: 'image', blob: await (await download()).blob() };
  }
  const pretty = kind === 'json' && (entry.size ?? Infinity) <= JSON_PRETTY_BYTES;
  const { bytes, truncated } = await readHead(await download(), pretty ? JSON_PRETTY_BYTES : TEXT_PREVIEW_BYTES);
  if (looksBinary(bytes)) return { kind: 'binary' };
  const text = new TextDecoder().decode(bytes);
  if (pretty && !truncated) {
    try {
      return { kind: 'text', text: JSON.stringify(JSON.parse(text), null, 2), truncated: false };
    } catch {
      // not valid JSON after all: show it as it is
    }
  }
  return { kind: 'text', text: text.slice(0, TEXT_PREVIEW_BYTES), truncated: truncated || text.length > TEXT_PREVIEW_BYTES };
}

function ImagePreview({ blob, alt }: { blob: Blob; alt: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const objectUrl = URL.createObjectURL(blob);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [blob]);
  return url ? <img className="artifact-image" src={url} alt={alt} /> : null;
}

export function ArtifactPreview({ runId, entry }: { runId: string; entry: ArtifactEntry }) {
  const keel = useKeel();
  const preview = useLoad(() => loadPreview(() => keel.runs.downloadArtifact(runId, entry.path), entry), `${runId}|${entry.path}`);
  const name = baseName(entry.path);

  return (
    <div className="artifact-preview" aria-label={`Preview of ${entry.path}`}>
      <div className="preview-header">
        <div>
          <strong className="mono">{entry.path}</strong>
          <span className="muted small">
            {' '}
            {formatBytes(entry.size)}
            {entry.sha256 && <> · sha256 {entry.sha256.slice(0, 12)}</>}
          </span>
        </div>
        <a className="button button--ghost" href={keel.runs.artifactUrl(runId, entry.path)} download={name}>
          Download
        </a>
      </div>
      {preview.error !== undefined ? (
        <p className="field-error">{describeProblem(preview.error).message}</p>
      ) : !preview.data || preview.loading ? (
        <Loading label={`Loading ${name}`} lines={6} />
      ) : preview.data.kind === 'image' ? (
        <ImagePreview blob={preview.data.blob} alt={name} />
      ) : preview.data.kind === 'text' ? (
        <>
          <pre className="snippet preview-text" data-testid="artifact-preview-text">
            <code>{preview.data.text}</code>
          </pre>
          {preview.data.truncated && <p className="muted small">Showing the first {formatBytes(TEXT_PREVIEW_BYTES)}; download the file for the rest.</p>}
        </>
      ) : (
        <p className="muted">{preview.data.kind === 'binary' ? 'Binary file: download it to open.' : 'Too large to preview: download it to open.'}</p>
      )}
    </div>
  );
}
