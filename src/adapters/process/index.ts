export { childProcessRunner } from './child-process-runner.js';
