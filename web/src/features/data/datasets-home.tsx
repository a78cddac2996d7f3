import { useKeel } from '../../app/keel-client.js';
import { Link } from '../../app/link.js';
import { DataTable } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatShortTime, formatTime } from '../../ui/format.js';
import { ListPanel } from '../../ui/list-panel.js';
import { Page } from '../../ui/page.js';
import { useLoad } from '../../ui/use-load.js';
import { datasetPath, datasetVersionPath } from './data-paths.js';

const COLUMNS = [{ label: 'Dataset' }, { label: 'Latest', num: true }, { label: 'Versions', num: true }, { label: 'Created' }, { label: 'By' }];

/** `/data`: every dataset with its latest version. */
export function DatasetsHome() {
  const keel = useKeel();
  const datasets = useLoad(() => keel.data.list(), 'datasets');
  return (
    <Page title="Data" subtitle="Datasets with immutable, content-addressed versions: schema, profile, quality reports, diffs, and the runs and models that used them.">
      {datasets.error !== undefined && <ErrorBanner error={datasets.error} />}
      <ListPanel
        titleId="datasets-title"
        title="Datasets"
        items={datasets.data}
        error={datasets.error}
        loadingLabel="Loading datasets"
        empty={
          <div className="empty-state">
            <p>No datasets yet. Add a file or a folder (CSV, Parquet or JSON lines) from the command line:</p>
            <pre className="snippet">{'keel data add weather ./seattle-weather.csv --message "first drop"\nkeel data check weather@1 --suite suite.yaml'}</pre>
          </div>
        }
      >
        {(list) => (
          <DataTable
            caption="Datasets"
            columns={COLUMNS}
            rows={list}
            row={(d) => (
              <tr key={d.name}>
                <th scope="row">
                  <Link to={datasetPath(d.name)} className="run-link">
                    {d.name}
                  </Link>
                  {d.description && <div className="muted small clamp">{d.description}</div>}
                </th>
                <td className="num">{d.latestVersion === null ? '—' : <Link to={datasetVersionPath(d.name, d.latestVersion)}>v{d.latestVersion}</Link>}</td>
                <td className="num">{d.versionCount}</td>
                <td className="nowrap" title={formatTime(d.createdAt)}>
                  {formatShortTime(d.createdAt)}
                </td>
                <td>{d.createdBy}</td>
              </tr>
            )}
          />
        )}
      </ListPanel>
    </Page>
  );
}
