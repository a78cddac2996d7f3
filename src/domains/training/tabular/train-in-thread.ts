/**
 * trainTabular on a worker thread, so the server keeps answering while a model trains (a GBDT
 * on a few thousand rows is seconds of CPU). The table is copied to the thread once; the
 * result comes back without the `predict` closure. Under the TypeScript sources (tests, tsx)
 * the thread loads its entry through tsx; from dist it is plain JavaScript.
 */
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode, type ErrorDetails } from '../../../core/errors.js';
import type { TrainTabularOptions, TrainTabularResult } from './train-tabular.js';

export type ThreadTrainOptions = Omit<TrainTabularOptions, 'onStep' | 'signal'>;
export type ThreadTrainResult = Omit<TrainTabularResult, 'predict'>;

type Reply = { ok: true; result: ThreadTrainResult } | { ok: false; error: { code: ErrorCode; message: string; details?: ErrorDetails } };

export function trainTabularInThread(opts: ThreadTrainOptions, signal?: AbortSignal): Promise<ThreadTrainResult> {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './train-thread-entry.ts' : './train-thread-entry.js', import.meta.url);
  // tsx's loader must be registered inside the thread before the entry is imported.
  const worker = fromSource
    ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true, workerData: opts })
    : new Worker(entry, { workerData: opts });
  return new Promise<ThreadTrainResult>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => {
      void worker.terminate();
      settle(() => reject(signal?.reason instanceof Error ? signal.reason : new Error('training aborted')));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (reply: Reply) => {
      settle(() => (reply.ok ? resolve(reply.result) : reject(new AppError(reply.error.code, reply.error.message, reply.error.details ? { details: reply.error.details } : {}))));
      void worker.terminate();
    });
    worker.once('error', (err) => settle(() => reject(err)));
    worker.once('exit', (code) => settle(() => reject(new AppError('INTERNAL', `the training thread exited (code ${code}) before answering`))));
  });
}
