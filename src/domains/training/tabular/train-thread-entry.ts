/** Worker-thread entry of trainTabularInThread: trains, posts the result (or the error) back. */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../core/errors.js';
import { trainTabular, type TrainTabularOptions } from './train-tabular.js';

try {
  const { predict: _predict, ...result } = trainTabular(workerData as TrainTabularOptions);
  parentPort?.postMessage({ ok: true, result });
} catch (err) {
  const e = err instanceof AppError ? { code: err.code, message: err.message, details: err.details } : { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
  parentPort?.postMessage({ ok: false, error: e });
}
