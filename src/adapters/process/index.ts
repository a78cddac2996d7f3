export { childProcessRunner } from './child-process-runner.js';
export { ChildProcessLauncher } from './child-process-launcher.js';
export { SystemResourceProbe, parseNvidiaSmi } from './resource-probe.js';
