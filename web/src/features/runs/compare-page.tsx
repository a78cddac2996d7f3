import { Link } from '../../app/link.js';
import { useKeel } from '../../app/keel-client.js';
import { useSearch } from '../../app/router.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { EXPERIMENTS_PATH, experimentPath } from '../experiments/tracking-paths.js';
import { CompareCharts } from './compare-charts.js';
import { CompareMetrics } from './compare-metrics.js';
import { CompareParams } from './compare-params.js';
import { ParamScatter } from './param-scatter.js';

/** The runs named in `?runs=a,b,c`, in that order. */
export function parseRunIds(search: string): string[] {
  const raw = new URLSearchParams(search).get('runs') ?? '';
  return [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
}

/** `/experiments/compare?runs=a,b,c`: params side by side, metric summaries, overlaid charts and a param-vs-metric scatter. */
export function ComparePage() {
  const keel = useKeel();
  const runIds = parseRunIds(useSearch());
  const comparison = useLoad(async () => {
    if (runIds.length === 0) return undefined;
    const result = await keel.runs.compare(runIds);
    const first = result.runs[0];
    // Only names the breadcrumb: the comparison shows even if the experiment cannot load.
    const experiment = first ? await keel.experiments.get(first.experimentId).catch(() => undefined) : undefined;
    return { result, experiment };
  }, runIds.join(','));
  const data = comparison.data?.result;
  const experimentId = data?.runs[0]?.experimentId;
  const experimentName = comparison.data?.experiment?.name;

  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <header className="page-header">
        <nav className="breadcrumbs" aria-label="Breadcrumb">
          <Link to={EXPERIMENTS_PATH}>Experiments</Link>
          {experimentId && (
            <>
              <span aria-hidden="true">/</span>
              <Link to={experimentPath(experimentId)}>{experimentName ?? `Experiment ${experimentId}`}</Link>
            </>
          )}
        </nav>
        <h1 id="page-title">Compare {runIds.length} runs</h1>
        <p className="page-subtitle">Parameters that differ are highlighted; metrics show their latest value and range over the run.</p>
      </header>

      {runIds.length < 2 && <p className="muted">Pick at least two runs in an experiment's runs table and choose Compare.</p>}
      {comparison.error !== undefined && <ErrorBanner error={comparison.error} />}
      {runIds.length > 0 && !data && comparison.error === undefined && <Loading label="Loading comparison" lines={8} />}

      {data && (
        <>
          <CompareParams comparison={data} />
          <CompareMetrics comparison={data} />
          <CompareCharts comparison={data} />
          <ParamScatter comparison={data} />
        </>
      )}
    </article>
  );
}
