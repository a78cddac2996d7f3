import { useState } from 'react';
import type { ArtifactEntry } from '../experiments/tracking-types.js';
import { ArtifactPreview } from './artifact-preview.js';
import { ArtifactFolder } from './artifact-tree.js';

/** The run's artifact folder tree on the left, the chosen file's preview on the right. */
export function ArtifactsBrowser({ runId }: { runId: string }) {
  const [selected, setSelected] = useState<ArtifactEntry | null>(null);
  return (
    <section className="panel" aria-labelledby="artifacts-title">
      <h2 id="artifacts-title">Artifacts</h2>
      <div className="artifacts">
        <div className="artifacts-tree">
          <ArtifactFolder runId={runId} path={undefined} selected={selected?.path ?? null} onSelect={setSelected} depth={0} />
        </div>
        <div className="artifacts-main">
          {selected ? (
            <ArtifactPreview key={selected.path} runId={runId} entry={selected} />
          ) : (
            <p className="muted empty-preview">Select a file to preview it.</p>
          )}
        </div>
      </div>
    </section>
  );
}
