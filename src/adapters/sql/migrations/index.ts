import type { Migration, MigrationProvider } from 'kysely';
import type { SqlDialect } from '../dialect.js';
import { foundation } from './0001-foundation.js';
import { tracking } from './0002-tracking.js';
import { llmGateway } from './0003-llm-gateway.js';
import { registry } from './0004-registry.js';
import { serving } from './0005-serving.js';
import { gatewayUsage } from './0006-gateway-usage.js';
import { servingJobs } from './0007-serving-jobs.js';
import { monitoring } from './0008-monitoring.js';
import { alerting } from './0009-alerting.js';
import { datasets } from './0010-datasets.js';
import { features } from './0011-features.js';
import { trainingJobs } from './0012-training-jobs.js';
import { studies } from './0013-studies.js';
import { retention } from './0014-retention.js';
import { batchJobList } from './0015-batch-job-list.js';
import { materializationRuns } from './0016-materialization-runs.js';

/**
 * Migrations are imported, not read from a folder at run time, so they work
 * the same from src/ under tsx and from the compiled dist/. Names sort in the
 * order they apply; never rename or edit one that has shipped.
 */
export function migrationProvider(dialect: SqlDialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-foundation': foundation(dialect),
    '0002-tracking': tracking(dialect),
    '0003-llm-gateway': llmGateway(dialect),
    '0004-registry': registry(dialect),
    '0005-serving': serving(dialect),
    '0006-gateway-usage': gatewayUsage(dialect),
    '0007-serving-jobs': servingJobs(dialect),
    '0008-monitoring': monitoring(dialect),
    '0009-alerting': alerting(dialect),
    '0010-datasets': datasets(dialect),
    '0011-features': features(dialect),
    '0012-training-jobs': trainingJobs(dialect),
    '0013-studies': studies(dialect),
    '0014-retention': retention(dialect),
    '0015-batch-job-list': batchJobList(dialect),
    '0016-materialization-runs': materializationRuns(dialect),
  };
  return { getMigrations: () => Promise.resolve(migrations) };
}
