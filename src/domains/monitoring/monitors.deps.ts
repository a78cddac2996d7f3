/** What the monitors service and its runner are built from; main.ts wires the adapters in. */
import type { Clock } from '../../core/clock.js';
import type { BlobStore } from '../../core/ports/blob-store.js';
import type { JobQueue } from '../../core/ports/job-queue.js';
import type { ModelVersion } from '../registry/index.js';
import type { Deployment } from '../serving/index.js';
import type { InfraProbe } from './infra-snapshot.js';
import type { MonitorStore, PredictionLogReader } from './monitor.store.js';
import type { TabularReader } from './monitoring.store.js';
import type { SignalSink } from './signals.js';

export interface MonitorsDeps {
  store: MonitorStore;
  log: PredictionLogReader;
  reader: TabularReader;
  blobs?: BlobStore | undefined;
  /** `settle` writes this instance's buffered prediction log, so a run sees what was just served. */
  deployments: { get(name: string): Promise<Deployment>; isReady(name: string): Promise<boolean>; settle?(): Promise<void>; list?(): Promise<Deployment[]> };
  versions: { getVersion(name: string, version: number): Promise<ModelVersion> };
  queue?: JobQueue | undefined;
  clock: Clock;
  signals?: SignalSink | undefined;
  infra?: InfraProbe | undefined;
  /** Rows read per window at most (the newest are kept). Default 200 000. */
  maxWindowRows?: number | undefined;
  onBackgroundError?: ((err: unknown) => void) | undefined;
}
