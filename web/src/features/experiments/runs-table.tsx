import { Link } from '../../app/link.js';
import { formatNumber, formatRunDuration, formatShortTime, formatTime } from '../../ui/format.js';
import { RunStatusBadge } from '../runs/run-status-badge.js';
import { columnKey, columnValue, type ColumnId, type SortField } from './run-columns.js';
import { runPath } from './tracking-paths.js';
import type { Run } from './tracking-types.js';

interface RunsTableProps {
  runs: readonly Run[];
  columns: readonly ColumnId[];
  sort: { field: SortField; descending: boolean };
  onSort: (field: SortField) => void;
  selected: ReadonlySet<string>;
  onSelect: (runIds: string[], selected: boolean) => void;
}

function SortHeader({ field, label, sort, onSort, className }: { field: SortField; label: string; sort: RunsTableProps['sort']; onSort: (f: SortField) => void; className?: string }) {
  const active = sort.field === field;
  return (
    <th scope="col" className={className} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}>
      <button type="button" className="sort-button" onClick={() => onSort(field)} title={`Sort by ${label}`}>
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (sort.descending ? '↓' : '↑') : '↕'}
        </span>
      </button>
    </th>
  );
}

export function RunsTable({ runs, columns, sort, onSort, selected, onSelect }: RunsTableProps) {
  const ids = runs.map((r) => r.info.runId);
  const allSelected = ids.length > 0 && ids.every((id) => selected.has(id));
  // Metrics first (what runs are compared by), then params, so each group sits under one heading.
  const metricColumns = columns.filter((c) => c.startsWith('metrics.'));
  const ordered = [...metricColumns, ...columns.filter((c) => c.startsWith('params.'))];
  const metricCount = metricColumns.length;
  return (
    <div className="table-scroll">
      <table className="table runs-table">
        <thead>
          {columns.length > 0 && (
            <tr className="group-row">
              <th colSpan={6} aria-hidden="true" />
              {metricCount > 0 && (
                <th scope="colgroup" colSpan={metricCount} className="group-head">
                  Metrics
                </th>
              )}
              {ordered.length - metricCount > 0 && (
                <th scope="colgroup" colSpan={ordered.length - metricCount} className="group-head">
                  Parameters
                </th>
              )}
            </tr>
          )}
          <tr>
            <th scope="col" className="check-cell">
              <input type="checkbox" aria-label="Select all runs on this page" checked={allSelected} onChange={() => onSelect(ids, !allSelected)} />
            </th>
            <SortHeader field="name" label="Run" sort={sort} onSort={onSort} />
            <SortHeader field="status" label="Status" sort={sort} onSort={onSort} />
            <SortHeader field="start" label="Started" sort={sort} onSort={onSort} />
            <th scope="col">Duration</th>
            <SortHeader field="user" label="User" sort={sort} onSort={onSort} className="optional" />
            {ordered.map((column) => {
              const { kind, key } = columnKey(column);
              return <SortHeader key={column} field={column} label={key} sort={sort} onSort={onSort} className={kind === 'metrics' ? 'num col--metrics' : 'col--params'} />;
            })}
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const { runId, runName, status, startTime, endTime, userId } = run.info;
            return (
              <tr key={runId} className={selected.has(runId) ? 'is-selected' : undefined}>
                <td className="check-cell">
                  <input type="checkbox" aria-label={`Select run ${runName || runId}`} checked={selected.has(runId)} onChange={(e) => onSelect([runId], e.target.checked)} />
                </td>
                <th scope="row">
                  <Link to={runPath(runId)} className="run-link">
                    {runName || runId.slice(0, 8)}
                  </Link>
                </th>
                <td>
                  <RunStatusBadge status={status} />
                </td>
                <td className="nowrap" title={formatTime(startTime)}>
                  {formatShortTime(startTime)}
                </td>
                <td className="nowrap">{formatRunDuration(startTime, endTime)}</td>
                <td className="optional muted">{userId || '—'}</td>
                {ordered.map((column) => {
                  const value = columnValue(run, column);
                  const isMetric = column.startsWith('metrics.');
                  return (
                    <td key={column} className={isMetric ? 'num mono col--metrics' : 'mono col--params'}>
                      {value === undefined ? <span className="muted">—</span> : isMetric ? formatNumber(value) : String(value)}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
