import { ExperimentsApi } from './resources/experiments.js';
import { FeaturesApi } from './resources/features.js';
import { GatewayApi } from './resources/gateway.js';
import { KeysApi } from './resources/keys.js';
import { MonitoringApi } from './resources/monitoring.js';
import { MonitorsApi } from './resources/monitors.js';
import { AlertsApi } from './resources/alerts.js';
import { ModelsApi } from './resources/models.js';
import { DeploymentsApi } from './resources/deployments.js';
import { BatchApi } from './resources/batch.js';
import type { PredictResult } from '../domains/serving/serving.schema.js';
import { RunsApi } from './resources/runs.js';
import { SystemApi } from './resources/system.js';
import { DataApi } from './resources/data.js';
import { TrainingApi } from './resources/training.js';
import { StudiesApi } from './resources/studies.js';
import type { RunHandle } from './run-handle.js';
import { startRun, type StartRunOptions } from './start-run.js';
import { HttpTransport, type TransportOptions } from './transport.js';

export type KeelOptions = TransportOptions;

/**
 * Typed client of Keel's REST API; errors arrive as the server's AppError codes.
 * @example
 * const keel = new Keel({ url: 'http://127.0.0.1:4200', apiKey: 'keel_…' });
 * console.log((await keel.system.health()).version);
 */
export class Keel {
  readonly http: HttpTransport;
  readonly system: SystemApi;
  readonly keys: KeysApi;
  readonly experiments: ExperimentsApi;
  readonly runs: RunsApi;
  readonly monitoring: MonitoringApi;
  /** Scheduled monitors: drift, performance and infrastructure per window, runs and series. */
  readonly monitors: MonitorsApi;
  /** Alerting: firing alerts, history, rules, channels, inbox, silences, signals. */
  readonly alerts: AlertsApi;
  /** The model registry: versions, stages through the validation gate, aliases, rollback, audit, lineage. */
  readonly models: ModelsApi;
  /** Model serving: deployments with strategies, OIP infer, tabular predict, feedback, arm statistics, stream bindings. */
  readonly deployments: DeploymentsApi;
  /** Batch inference jobs: upload an input, submit, follow progress (`wait`), list, download results. */
  readonly batch: BatchApi;
  /** The LLM gateway: config, provider health, request log, usage and budgets. */
  readonly gateway: GatewayApi;
  /** The feature store: definitions, online lookups, pushes, materialization, training rows, freshness. */
  readonly features: FeaturesApi;
  /** Datasets: versions, profiles, quality checks, diffs, lineage. */
  readonly data: DataApi;
  /** Hyperparameter studies: ask/tell, pruning reports, analysis. */
  readonly studies: StudiesApi;
  /** Training jobs on workers, live run logs, built-in tabular trainers, GPU sizing. */
  readonly training: TrainingApi;

  constructor(opts: KeelOptions = {}) {
    this.http = new HttpTransport(opts);
    this.system = new SystemApi(this.http);
    this.keys = new KeysApi(this.http);
    this.experiments = new ExperimentsApi(this.http);
    this.runs = new RunsApi(this.http);
    this.monitoring = new MonitoringApi(this.http);
    this.monitors = new MonitorsApi(this.http);
    this.alerts = new AlertsApi(this.http);
    this.models = new ModelsApi(this.http);
    this.deployments = new DeploymentsApi(this.http);
    this.batch = new BatchApi(this.http);
    this.gateway = new GatewayApi(this.http);
    this.features = new FeaturesApi(this.http);
    this.data = new DataApi(this.http);
    this.studies = new StudiesApi(this.http);
    this.training = new TrainingApi(this.http);
  }

  /**
   * Creates a run (capturing the environment in Node) and returns a handle whose
   * logging calls are buffered and sent in batches.
   * @example
   * const run = await keel.startRun({ experiment: 'penguins', name: 'lr-0.1', params: { lr: 0.1 } });
   * run.logMetric('loss', 0.3, 1);
   * await run.end();
   */
  startRun(opts: StartRunOptions = {}): Promise<RunHandle> {
    return startRun(this.runs, opts);
  }

  /**
   * Predicts tabular rows with a deployment (shorthand for `keel.deployments.predict`).
   * @example
   * const { predictions } = await keel.predict('penguins', [{ bill_length: 39.1, bill_depth: 18.7, flipper: 181, mass: 3750 }]);
   */
  predict(deployment: string, instances: Record<string, number | string | boolean | null>[], opts: { key?: string } = {}): Promise<PredictResult> {
    return this.deployments.predict(deployment, instances, opts);
  }
}
