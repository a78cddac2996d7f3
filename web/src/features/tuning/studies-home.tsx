import { useKeel } from '../../app/keel-client.js';
import { Link } from '../../app/link.js';
import { DataTable } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatShortTime, formatTime } from '../../ui/format.js';
import { ListPanel } from '../../ui/list-panel.js';
import { Page } from '../../ui/page.js';
import { useLoad } from '../../ui/use-load.js';
import { studyPath } from './tuning-paths.js';

const SNIPPET = `keel tune --study lr-search --space space.json --trials 100 --parallel 4 \\
  --sampler tpe --pruner asha --metric val_loss -- python train.py --lr {lr}`;

const COLUMNS = [
  { label: 'Study' },
  { label: 'Status' },
  { label: 'Sampler' },
  { label: 'Pruner' },
  { label: 'Objective' },
  { label: 'Complete', num: true },
  { label: 'Pruned', num: true },
  { label: 'Failed', num: true },
  { label: 'Running', num: true },
  { label: 'Created' },
];

/** `/tuning`: every study with its sampler, pruner and trial counts. */
export function StudiesHome() {
  const keel = useKeel();
  const studies = useLoad(() => keel.studies.list(), 'studies');
  return (
    <Page title="Tuning" subtitle="Hyperparameter studies: TPE, random or grid search with median, ASHA or Hyperband pruning. Every trial is a tracked run.">
      {studies.error !== undefined && <ErrorBanner error={studies.error} />}
      <ListPanel
        titleId="studies-title"
        title="Studies"
        items={studies.data?.studies}
        error={studies.error}
        loadingLabel="Loading studies"
        empty={
          <div>
            <p>No studies yet. Start one from the command line:</p>
            <pre className="code-block">{SNIPPET}</pre>
          </div>
        }
      >
        {(list) => (
          <DataTable
            caption="Studies"
            columns={COLUMNS}
            rows={list}
            row={(s) => (
              <tr key={s.name}>
                <th scope="row">
                  <Link to={studyPath(s.name)} className="run-link">
                    {s.name}
                  </Link>
                </th>
                <td>{s.status}</td>
                <td>{s.sampler.type}</td>
                <td>{s.pruner.type}</td>
                <td>{s.directions.map((d, i) => `${d} ${s.metrics[i] ?? ''}`).join(', ')}</td>
                <td className="num">{s.counts.complete}</td>
                <td className="num">{s.counts.pruned}</td>
                <td className="num">{s.counts.failed}</td>
                <td className="num">{s.counts.running}</td>
                <td className="nowrap" title={formatTime(s.createdAt)}>
                  {formatShortTime(s.createdAt)}
                </td>
              </tr>
            )}
          />
        )}
      </ListPanel>
    </Page>
  );
}
