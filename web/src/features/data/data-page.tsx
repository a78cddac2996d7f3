import { NotFoundPage } from '../../app/not-found-page.js';
import { useRoute } from '../../app/router.js';
import { parseDataRoute } from './data-paths.js';
import { DatasetPage } from './dataset-page.js';
import { DatasetVersionPage } from './dataset-version-page.js';
import { DatasetsHome } from './datasets-home.js';
import { VersionDiffPage } from './version-diff.js';
import './data.css';

/** The Data section: datasets, one dataset's versions, one version's profile and quality, diffs. */
export function DataPage() {
  const path = useRoute();
  const route = parseDataRoute(path);
  switch (route.page) {
    case 'list':
      return <DatasetsHome />;
    case 'dataset':
      return <DatasetPage key={route.name} name={route.name} />;
    case 'version':
      return <DatasetVersionPage key={`${route.name}/${route.version}`} name={route.name} version={route.version} />;
    case 'diff':
      return <VersionDiffPage key={route.name} name={route.name} />;
    default:
      return <NotFoundPage path={path} />;
  }
}
