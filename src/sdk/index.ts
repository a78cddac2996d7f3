export { Keel, type KeelOptions } from './client.js';
export { HttpTransport, type TransportOptions, type RequestOptions, type RawBody } from './transport.js';
export { ExperimentsApi, type ExperimentsPage, type SearchExperimentsOptions } from './resources/experiments.js';
export { RunsApi } from './resources/runs.js';
export { MonitoringApi, type DriftDataset, type DriftInput } from './resources/monitoring.js';
export { MonitorsApi, type PerformanceWindow } from './resources/monitors.js';
export { AlertsApi } from './resources/alerts.js';
export type { Alert, AlertChannel, AlertNotification, AlertRule, AlertRulePatch, AlertRuleSpec, AlertState, ChannelSpec, DeliveryResultView, HistoryQuery, InboxItem, RuleAction, Severity, Silence, SilenceSpec, SignalInput } from '../domains/alerting/alerting.schema.js';
export type { ColumnPoint, CreateMonitorInput, InfraSnapshot, Monitor, MonitorRun, MonitorRunResult, MonitorSummary, PerformanceResult, UpdateMonitorInput } from '../domains/monitoring/monitor.schema.js';
export type { ColumnDrift, DatasetRef as DriftDatasetRef, DriftOptions, DriftReport, DriftRequest, DriftTestChoice, DriftTestName, UploadedDataset } from '../domains/monitoring/monitoring.schema.js';
export { RunHandle, type BatchingOptions, type ParamValue } from './run-handle.js';
export type { StartRunOptions } from './start-run.js';
export type { CapturedEnvironment, EnvironmentOptions } from './node-support.js';
export type { ArtifactData, MetricHistoryPage, RunComparison, RunsPage } from './tracking-types.js';
export { AppError, ERROR_CODES, type ErrorCode, type ErrorDetails } from '../core/errors.js';
export type { Health, Readiness, ServerStatus, RetentionPolicy, RetentionStatus, RetentionSweep, RetentionTable, TableSweep } from '../domains/system/system.schema.js';
export type { ApiKey, ApiKeyScope, CreatedApiKey, CreateApiKeyInput, BudgetPeriod, GatewayKeyLimits } from '../domains/access/access.schema.js';
export type { GatewayRequestRecord, KeyBudget, RequestLogPage, RequestLogQueryInput, UsageBucket, UsageGroup, UsageQueryInput, UsageReport } from '../domains/llm/gateway-usage.schema.js';
export { GatewayApi, type GatewayConfigView, type GatewayTargetHealth } from './resources/gateway.js';
export type { GatewayConfig } from '../core/gateway-config.js';
export type {
  ArtifactEntry,
  CreateExperimentInput,
  CreateRunInput,
  DatasetInput,
  DatasetInputInput,
  DatasetRef,
  Experiment,
  LifecycleStage,
  LogBatchInput,
  Metric,
  MetricBucket,
  MetricSeriesInput,
  Param,
  Run,
  RunInfo,
  RunStatus,
  SearchExperimentsInput,
  SearchRunsInput,
  Tag,
  UpdateRunInput,
} from '../domains/tracking/tracking.schema.js';
export { ModelsApi, type ModelSource, type RegisterOptions } from './resources/models.js';
export type {
  Actor,
  AuditEvent,
  CreateModelInput,
  GatePolicyRecord,
  GateReportRecord,
  Lineage,
  ModelVersion,
  PromoteInput,
  PromotionResult,
  RegisteredModel,
  RegistryTag,
  RollbackResult,
  Stage,
  UpdateModelInput,
} from '../domains/registry/registry.schema.js';
export { DeploymentsApi, type OipTensor, type OipInferResponse } from './resources/deployments.js';
export { BatchApi, type BatchWaitOptions } from './resources/batch.js';
export type { BatchJob, BatchJobSpec, BatchJobState, BatchJobStatus, BatchSummary, StreamBinding, StreamBindingSpec } from '../domains/serving/serving.schema.js';
export type { Arm, Deployment, DeploymentAuditEvent, DeploymentConfig, DeploymentStats, DeploySpec, FeedbackBody, PredictResult, Strategy, ArmStats } from '../domains/serving/serving.schema.js';
export { DataApi, type DatasetFileData } from './resources/data.js';
export type { AddDatasetOptions, AddDatasetResult } from './dataset-types.js';
export type { CheckResult, ColumnProfile, CreateVersionInput, CreateVersionResult, Dataset, DatasetDiff, DatasetFile, DatasetLineage, DatasetProfile, DatasetVersion, QualityCheck, QualityReport, QualitySuiteInput } from '../domains/data/data.schema.js';
export { FeaturesApi, defineFeatures, type MaterializationWaitOptions } from './resources/features.js';
export type {
  ApplyResult as FeatureApplyResult,
  DefinitionChange as FeatureDefinitionChange,
  Entity as FeatureEntity,
  Feature,
  FeatureDefinitionsInput,
  FeatureRegistryView,
  FeatureService,
  FeatureSource,
  FeatureValue,
  FeatureView,
  MaterializationRecord,
  MaterializationRun,
  MaterializationRunState,
  MaterializationViewProgress,
  MaterializeRequest,
  MaterializeResult,
  OnlineRequest as OnlineFeaturesRequest,
  OnlineResponse as OnlineFeaturesResponse,
  OnlineStatus as OnlineFeatureStatus,
  PushRequest as FeaturePushRequest,
  TrainingRequest as FeatureTrainingRequest,
  ViewFreshness,
} from '../domains/features/features.schema.js';
export { StudiesApi } from './resources/studies.js';
export type { AskInput, CreateStudyInput, ImportanceEntry, PrunerConfig, ReportInput, ReportResult, SamplerConfig, Study, StudyAnalysis, TellInput, Trial } from '../domains/tuning/tuning.schema.js';
export type { Distribution, DistributionInput, ParamSet, SearchSpace, SearchSpaceInput } from '../domains/tuning/search-space.schema.js';
export { TrainingApi } from './resources/training.js';
export type { RunLogLine, SubmitTrainingJobInput, TrainingJob, TrainingJobState, TrainingWorkerInfo, WorkerResources } from '../domains/training/training-job.schema.js';
export type { TabularTrainingReport, TrainTabularRequest } from '../domains/training/tabular-training.schema.js';
export type { GpuEstimate, GpuEstimateRequest, GpuFit, MemoryBreakdown, Precision } from '../domains/training/gpu-sizing.schema.js';
