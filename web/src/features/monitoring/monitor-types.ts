import type { CreateMonitorInput, MonitorSummary } from '../../../../src/sdk/index.js';

export type MonitorWindowInput = CreateMonitorInput['window'];
export type { MonitorSummary };
