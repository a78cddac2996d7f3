import { useMemo } from 'react';
import type { StudyAnalysis, Trial } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { Link } from '../../app/link.js';
import { EChart } from '../../ui/echart.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatNumber } from '../../ui/format.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { historyOption, importanceOption, parallelOption, paretoOption } from './study-charts.js';
import { runPath } from '../experiments/tracking-paths.js';
import { TUNING_PATH } from './tuning-paths.js';

function Charts({ analysis, trials }: { analysis: StudyAnalysis; trials: Trial[] }) {
  const history = useMemo(() => historyOption(analysis), [analysis]);
  const importance = useMemo(() => importanceOption(analysis), [analysis]);
  const parallel = useMemo(() => parallelOption(analysis), [analysis]);
  const multi = analysis.directions.length > 1;
  const pareto = useMemo(() => (multi ? paretoOption(analysis, trials.flatMap((t) => (t.state === 'complete' && t.values ? [{ number: t.number, values: t.values }] : []))) : null), [analysis, trials, multi]);
  return (
    <>
      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">Optimization history</h2>
        <EChart option={history} label={`Objective of each trial and the best so far, ${analysis.history.length} trials`} />
      </section>
      {pareto && (
        <section className="panel" aria-labelledby="pareto-title">
          <h2 id="pareto-title">Pareto front</h2>
          <EChart option={pareto} label={`Pareto front: ${analysis.paretoFront.length} non-dominated trials`} />
        </section>
      )}
      <section className="panel" aria-labelledby="importance-title">
        <h2 id="importance-title">Parameter importance</h2>
        <p className="muted small">Permutation importance on a random forest fitted to the complete trials.</p>
        <EChart option={importance} label={`Parameter importance: ${analysis.importance.map((i) => `${i.param} ${(i.importance * 100).toFixed(0)}%`).join(', ')}`} height={Math.max(160, 40 * analysis.importance.length)} />
      </section>
      {analysis.parallel.rows.length > 0 && (
        <section className="panel" aria-labelledby="parallel-title">
          <h2 id="parallel-title">Parallel coordinates</h2>
          <EChart option={parallel} label={`Parallel coordinates of ${analysis.parallel.rows.length} complete trials`} />
        </section>
      )}
    </>
  );
}

function TrialsTable({ trials, metrics }: { trials: Trial[]; metrics: string[] }) {
  return (
    <div className="table-scroll">
      <table className="table table--compact">
        <caption className="visually-hidden">Trials</caption>
        <thead>
          <tr>
            <th scope="col" className="num">Trial</th>
            <th scope="col">State</th>
            {metrics.map((m) => (
              <th key={m} scope="col" className="num">
                {m}
              </th>
            ))}
            <th scope="col">Params</th>
            <th scope="col">Reason</th>
            <th scope="col">Run</th>
          </tr>
        </thead>
        <tbody>
          {[...trials].reverse().map((t) => (
            <tr key={t.number}>
              <td className="num">{t.number}</td>
              <td>{t.state}</td>
              {metrics.map((m, i) => (
                <td key={m} className="num">
                  {t.values ? formatNumber(t.values[i] ?? null) : '—'}
                </td>
              ))}
              <td className="mono small">{Object.entries(t.params).map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : String(v)}`).join(' ')}</td>
              <td className="small">{t.reason ?? ''}</td>
              <td>{t.runId ? <Link to={runPath(t.runId)}>run</Link> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `/tuning/<name>`: a study's best trial, history, importance, parallel coordinates, Pareto front and trials. */
export function StudyPage({ name }: { name: string }) {
  const keel = useKeel();
  const data = useLoad(async () => {
    const [study, analysis, trials] = await Promise.all([keel.studies.get(name), keel.studies.analysis(name), keel.studies.trials(name)]);
    return { study, analysis, trials: trials.trials };
  }, `study:${name}`);
  const d = data.data;
  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <header className="page-header">
        <p className="breadcrumb">
          <Link to={TUNING_PATH}>Tuning</Link>
        </p>
        <h1 id="page-title">{name}</h1>
        {d && (
          <p className="page-subtitle">
            {d.study.sampler.type} sampler · {d.study.pruner.type} pruner · {d.study.directions.map((dir, i) => `${dir} ${d.study.metrics[i]}`).join(', ')} · {d.study.counts.complete} complete, {d.study.counts.pruned} pruned, {d.study.counts.failed} failed, {d.study.counts.running} running
          </p>
        )}
      </header>
      {data.error !== undefined && <ErrorBanner error={data.error} />}
      {!d ? (
        data.error === undefined && <Loading label="Loading study" lines={6} />
      ) : (
        <>
          {d.analysis.best && (
            <section className="panel" aria-labelledby="best-title">
              <h2 id="best-title">Best trial</h2>
              <p>
                Trial {d.analysis.best.number}: {d.study.metrics[0]} = <strong>{formatNumber(d.analysis.best.values?.[0] ?? null)}</strong> with{' '}
                <span className="mono">{JSON.stringify(d.analysis.best.params)}</span>
              </p>
            </section>
          )}
          <Charts analysis={d.analysis} trials={d.trials} />
          <section className="panel" aria-labelledby="trials-title">
            <h2 id="trials-title">
              Trials <span className="count">{d.trials.length}</span>
            </h2>
            <TrialsTable trials={d.trials} metrics={d.study.metrics} />
          </section>
        </>
      )}
    </article>
  );
}
