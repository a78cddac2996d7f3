import type { ExitAwareRun } from '../node-support.js';

/** How long a signal waits for runs to flush and be marked KILLED before the process dies anyway. */
const SIGNAL_GRACE_MS = 5_000;

const live = new Set<ExitAwareRun>();
const withSignals = new Set<ExitAwareRun>();
let installed = false;

/*
 * One set of process listeners serves every live run. `beforeExit` fires when the
 * event loop drains, so it can still do I/O: buffered points are flushed and the run
 * is finished, as MLflow's atexit hook does. A signal handler replaces Node's default
 * (exit), so after the runs are marked KILLED the handler removes itself and re-sends
 * the signal, which then has its default effect unless the program added handlers.
 */
function install(): void {
  if (installed) return;
  installed = true;
  process.on('beforeExit', onBeforeExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function uninstallIfIdle(): void {
  if (!installed || live.size > 0) return;
  installed = false;
  process.off('beforeExit', onBeforeExit);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

function onBeforeExit(): void {
  // Ending a run unwatches it, so this fires again only while runs remain.
  for (const run of [...live]) void run.onProcessExit('beforeExit');
}

function onSignal(signal: NodeJS.Signals): void {
  const runs = [...withSignals];
  if (runs.length === 0) return reraise(signal);
  const grace = new Promise<void>((r) => setTimeout(r, SIGNAL_GRACE_MS).unref());
  void Promise.race([Promise.all(runs.map((r) => r.onProcessExit(signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM'))), grace]).then(() => reraise(signal));
}

function reraise(signal: NodeJS.Signals): void {
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  installed = false;
  process.off('beforeExit', onBeforeExit);
  // Another handler of the program's own decides what the signal means; otherwise Node's default (exit) applies.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

/** Registers a run; the returned function unregisters it (call it when the run ends). */
export function watchProcessExit(run: ExitAwareRun, opts: { signals: boolean }): () => void {
  live.add(run);
  if (opts.signals) withSignals.add(run);
  install();
  return () => {
    live.delete(run);
    withSignals.delete(run);
    uninstallIfIdle();
  };
}
