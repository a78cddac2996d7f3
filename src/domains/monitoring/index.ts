export { MonitoringService, driftSettings, type DriftQuery } from './monitoring.service.js';
export { computeDriftReport, DEFAULT_DRIFT_SETTINGS, type ColumnChart, type DriftResult, type DriftSettings } from './drift-report.js';
export { renderDriftReportHtml } from './drift-report-html.js';
export { rowsToTable } from './column-data.js';
export * from './monitoring.schema.js';
export type * from './monitoring.store.js';
export { discardSignals, type MonitorSignal, type SignalSink } from './signals.js';
