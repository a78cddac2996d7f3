/*
 * Node-only helpers of the SDK (environment capture, uploads from disk, exit hooks).
 * Loaded on demand by `loadNodeSupport()`, never by the browser build; Node programs
 * (and the CLI) may also import them directly.
 */
import type { NodeSupport } from '../node-support.js';
import { uploadLocalPath } from './artifact-files.js';
import { captureEnvironment } from './environment.js';
import { watchProcessExit } from './process-hooks.js';
import { addLocalDataset } from './dataset-files.js';

export { addLocalDataset, captureEnvironment, uploadLocalPath, watchProcessExit };
export { POINTER_SUFFIX } from './dataset-files.js';

export const nodeSupport: NodeSupport = { captureEnvironment, uploadLocalPath, watchProcessExit, addLocalDataset };
