/** Kysely row types of datasets. Times are epoch milliseconds; JSON columns read back as text. */
export interface DataDatasetsTable {
  id: string;
  name: string;
  description: string;
  created_by: string;
  created_at: number;
}

export interface DataVersionsTable {
  id: string;
  dataset_id: string;
  version: number;
  digest: string;
  format: string;
  size: number;
  row_count: number;
  schema: string;
  profile: string;
  message: string;
  source: string;
  created_by: string;
  created_at: number;
}

export interface DataFilesTable {
  version_id: string;
  path: string;
  sha256: string;
  size: number;
}

export interface DataQualityReportsTable {
  id: string;
  version_id: string;
  suite: string;
  passed: number;
  report: string;
  created_at: number;
}

export interface DataRunLinksTable {
  version_id: string;
  run_id: string;
  context: string;
  linked_at: number;
}

export interface DataTables {
  data_datasets: DataDatasetsTable;
  data_versions: DataVersionsTable;
  data_files: DataFilesTable;
  data_quality_reports: DataQualityReportsTable;
  data_run_links: DataRunLinksTable;
}
