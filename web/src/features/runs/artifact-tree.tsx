import { useState } from 'react';
import { useKeel } from '../../app/keel-client.js';
import { describeProblem } from '../../app/server-status.js';
import { formatBytes } from '../../ui/format.js';
import { Skeleton } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import type { ArtifactEntry } from '../experiments/tracking-types.js';
import { baseName } from './artifact-kind.js';

interface TreeProps {
  runId: string;
  selected: string | null;
  onSelect: (entry: ArtifactEntry) => void;
}

/** A folder's children, fetched when the folder is first opened (huge trees never load at once). */
export function ArtifactFolder({ runId, path, selected, onSelect, depth }: TreeProps & { path: string | undefined; depth: number }) {
  const keel = useKeel();
  const listing = useLoad(() => keel.runs.listArtifacts(runId, path), `${runId}|${path ?? ''}`);
  if (listing.error !== undefined) return <p className="field-error small">{describeProblem(listing.error).message}</p>;
  if (!listing.data) return <Skeleton lines={2} />;
  const files = [...listing.data.files].sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.path.localeCompare(b.path));
  if (files.length === 0 && depth === 0) return <p className="muted small">No artifacts were logged.</p>;
  return (
    <ul className="tree" role={depth === 0 ? 'tree' : 'group'} aria-label={depth === 0 ? 'Artifacts' : undefined}>
      {files.map((entry) =>
        entry.isDir ? (
          <FolderItem key={entry.path} runId={runId} entry={entry} selected={selected} onSelect={onSelect} depth={depth} />
        ) : (
          <li key={entry.path} role="treeitem" aria-selected={entry.path === selected}>
            <button type="button" className="tree-item" style={{ paddingLeft: 8 + depth * 14 }} onClick={() => onSelect(entry)}>
              <span className="tree-icon" aria-hidden="true">
                ▫
              </span>
              <span className="tree-name">{baseName(entry.path)}</span>
              <span className="muted small">{formatBytes(entry.size)}</span>
            </button>
          </li>
        ),
      )}
    </ul>
  );
}

function FolderItem({ runId, entry, selected, onSelect, depth }: TreeProps & { entry: ArtifactEntry; depth: number }) {
  const [open, setOpen] = useState(false);
  return (
    <li role="treeitem" aria-expanded={open} aria-selected={false}>
      <button type="button" className="tree-item" style={{ paddingLeft: 8 + depth * 14 }} onClick={() => setOpen(!open)}>
        <span className="tree-icon" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        <span className="tree-name">{baseName(entry.path)}/</span>
      </button>
      {open && <ArtifactFolder runId={runId} path={entry.path} selected={selected} onSelect={onSelect} depth={depth + 1} />}
    </li>
  );
}
