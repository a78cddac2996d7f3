import type { CreateVersionInput, CreateVersionResult, Dataset, DatasetDiff, DatasetLineage, DatasetVersion, QualityReport, QualitySuiteInput } from '../../domains/data/data.schema.js';
import { AppError } from '../../core/errors.js';
import { loadNodeSupport } from '../node-support.js';
import type { AddDatasetOptions, AddDatasetResult } from '../dataset-types.js';
import { toRawBody, type UploadData } from '../raw-body.js';
import type { HttpTransport } from '../transport.js';

/** A dataset file's bytes: text, bytes, a web stream, or any async iterable of chunks (a Node Readable). */
export type DatasetFileData = UploadData;

const enc = encodeURIComponent;
const versionPath = (name: string, version: string | number): string => `/api/v1/datasets/${enc(name)}/versions/${enc(String(version))}`;


/** Datasets: immutable versions with profiles, quality reports, diffs and lineage. */
export class DataApi {
  constructor(private readonly http: HttpTransport) {}

  /** @example const { datasets } = await keel.data.list(); */
  async list(): Promise<Dataset[]> {
    return (await this.http.request<{ datasets: Dataset[] }>('GET', '/api/v1/datasets')).datasets;
  }

  /** @example const ds = await keel.data.get('weather'); console.log(ds.latestVersion); */
  get(name: string): Promise<Dataset> {
    return this.http.request('GET', `/api/v1/datasets/${enc(name)}`);
  }

  /** Newest first. @example const versions = await keel.data.versions('weather'); */
  async versions(name: string): Promise<DatasetVersion[]> {
    return (await this.http.request<{ versions: DatasetVersion[] }>('GET', `/api/v1/datasets/${enc(name)}/versions`)).versions;
  }

  /** `version`: a number, `latest`, or a digest prefix. @example const v = await keel.data.version('weather', 'latest'); */
  version(name: string, version: string | number = 'latest'): Promise<DatasetVersion> {
    return this.http.request('GET', versionPath(name, version));
  }

  /** Streams one file into the server's content-addressed store. @example const { sha256 } = await keel.data.uploadFile(createReadStream('a.csv')); */
  uploadFile(data: DatasetFileData): Promise<{ sha256: string; size: number }> {
    return this.http.request('POST', '/api/v1/datasets/files', { rawBody: toRawBody(data), timeoutMs: 0 });
  }

  /**
   * Node only: adds a local file or folder as a new version — hashes each file, uploads only those
   * the server lacks (streamed), then commits. The same content again returns the existing version.
   * @example const { version, uploadedFiles } = await keel.data.addPath('weather', './weather', { message: 'May' });
   */
  async addPath(name: string, localPath: string, opts: AddDatasetOptions = {}): Promise<AddDatasetResult> {
    const node = await loadNodeSupport();
    if (!node) throw new AppError('FAILED_PRECONDITION', 'addPath reads local files and works only in Node; use uploadFile + createVersion in a browser');
    return node.addLocalDataset(this, name, localPath, opts);
  }

  /** The sha256s the server does not hold yet. @example const missing = await keel.data.missingFiles([sha]); */
  async missingFiles(sha256: string[]): Promise<string[]> {
    return (await this.http.request<{ missing: string[] }>('POST', '/api/v1/datasets/files/missing', { body: { sha256 }, idempotent: true })).missing;
  }

  /** Commits a version from uploaded files. @example await keel.data.createVersion('weather', { files: [{ path: 'w.csv', sha256 }], message: 'May' }); */
  createVersion(name: string, input: CreateVersionInput): Promise<CreateVersionResult> {
    return this.http.request('POST', `/api/v1/datasets/${enc(name)}/versions`, { body: input, timeoutMs: 0 });
  }

  /** One file of a version as a fetch Response. @example const res = await keel.data.downloadFile('weather', 2, 'w.csv'); */
  downloadFile(name: string, version: string | number, path: string): Promise<Response> {
    return this.http.send('GET', `${versionPath(name, version)}/file`, { query: { path }, timeoutMs: 0 });
  }

  /** @example const d = await keel.data.diff('weather', 1, 2); console.log(d.rowCountChange); */
  diff(name: string, from: string | number, to: string | number): Promise<DatasetDiff> {
    return this.http.request('GET', `/api/v1/datasets/${enc(name)}/diff`, { query: { from: String(from), to: String(to) } });
  }

  /**
   * Runs a quality suite (an object, or JSON/YAML text) and stores the report with the version.
   * @example const report = await keel.data.check('weather', 'latest', await readFile('suite.yaml', 'utf8')); if (!report.passed) process.exit(1);
   */
  check(name: string, version: string | number, suite: QualitySuiteInput | string): Promise<QualityReport> {
    return this.http.request('POST', `${versionPath(name, version)}/checks`, { body: { suite }, timeoutMs: 0 });
  }

  /** Newest first. @example const [last] = await keel.data.reports('weather', 2); */
  async reports(name: string, version: string | number = 'latest'): Promise<QualityReport[]> {
    return (await this.http.request<{ reports: QualityReport[] }>('GET', `${versionPath(name, version)}/checks`)).reports;
  }

  /** Records that a run used a version. @example await keel.data.linkRun('weather', 2, run.id, 'train'); */
  async linkRun(name: string, version: string | number, runId: string, context = 'train'): Promise<void> {
    await this.http.request('POST', `${versionPath(name, version)}/runs`, { body: { runId, context } });
  }

  /** Runs that used a version and the model versions they produced. @example const { modelVersions } = await keel.data.lineage('weather', 2); */
  lineage(name: string, version: string | number = 'latest'): Promise<DatasetLineage> {
    return this.http.request('GET', `${versionPath(name, version)}/lineage`);
  }
}
