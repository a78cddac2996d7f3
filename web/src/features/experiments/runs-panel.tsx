import { useState } from 'react';
import { navigate, setQuery, useSearch } from '../../app/router.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Loading } from '../../ui/skeleton.js';
import { ColumnPicker } from './column-picker.js';
import { FilterBox } from './filter-box.js';
import { FirstRunSnippet } from './first-run-snippet.js';
import { collectKeys, defaultColumns, orderByFor, parseColumns, parseSort, serializeColumns, serializeSort, type SortField } from './run-columns.js';
import { RunsTable } from './runs-table.js';
import { comparePath } from './tracking-paths.js';
import type { Experiment } from './tracking-types.js';
import { useRunsSearch } from './use-runs-search.js';

/** The selected experiment's runs: filter, columns, sort and page, all but the page kept in the URL. */
export function RunsPanel({ experiment }: { experiment: Experiment }) {
  const query = new URLSearchParams(useSearch());
  const filter = query.get('q') ?? '';
  const sort = parseSort(query.get('sort'));
  const search = useRunsSearch(experiment.experimentId, filter, orderByFor(sort.field, sort.descending));
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  const keys = collectKeys(search.runs);
  const columns = parseColumns(query.get('cols')) ?? defaultColumns(keys, search.runs);

  function onSort(field: SortField): void {
    // First click on a column sorts it descending (best metric first), a second click flips it.
    const descending = sort.field === field ? !sort.descending : true;
    setQuery({ sort: serializeSort(field, descending) });
  }

  function onSelect(runIds: string[], on: boolean): void {
    setSelected((previous) => {
      const next = new Set(previous);
      for (const id of runIds) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }

  const initialLoad = search.loading && search.runs.length === 0 && !search.filterError;
  return (
    <section className="panel runs-panel" aria-labelledby="runs-title">
      <div className="panel-title-row">
        <div>
          <h2 id="runs-title">{experiment.name}</h2>
          <p className="muted small">
            Experiment <span className="mono">{experiment.experimentId}</span>
            {experiment.artifactLocation && (
              <>
                {' · '}artifacts in <span className="mono">{experiment.artifactLocation}</span>
              </>
            )}
          </p>
        </div>
        <div className="toolbar">
          <ColumnPicker keys={keys} chosen={columns} onChange={(next) => setQuery({ cols: serializeColumns(next) })} />
          <button type="button" className="button" disabled={selected.size < 2} onClick={() => navigate(comparePath([...selected]))}>
            Compare{selected.size > 0 && ` (${selected.size})`}
          </button>
        </div>
      </div>

      <FilterBox value={filter} error={search.filterError} onSubmit={(q) => setQuery({ q })} />
      {search.error !== undefined && <ErrorBanner error={search.error} />}

      {initialLoad ? (
        <Loading label="Loading runs" lines={6} />
      ) : search.runs.length === 0 ? (
        search.filterError ? null : filter ? (
          <p className="empty-state muted">No runs match this filter.</p>
        ) : (
          <FirstRunSnippet experiment={experiment.name} />
        )
      ) : (
        <div className={search.loading ? 'is-refreshing' : undefined} aria-busy={search.loading}>
          <RunsTable runs={search.runs} columns={columns} sort={sort} onSort={onSort} selected={selected} onSelect={onSelect} />
        </div>
      )}

      {(search.page > 1 || search.hasNext) && (
        <nav className="pager" aria-label="Runs pages">
          <button type="button" className="button button--ghost" disabled={search.page <= 1} onClick={search.previous}>
            Previous
          </button>
          <span className="muted small">Page {search.page}</span>
          <button type="button" className="button button--ghost" disabled={!search.hasNext} onClick={search.next}>
            Next
          </button>
        </nav>
      )}
    </section>
  );
}
