/**
 * Speaks to a server the way MLflow's Python client (mlflow/store/tracking/rest_store.py and
 * mlflow/utils/rest_utils.py) does: POST with a JSON body and `Content-Type: application/json`,
 * GET with the request message flattened into the query string (repeated fields as repeated
 * parameters), `Authorization: Bearer $MLFLOW_TRACKING_TOKEN` when a token is set.
 */
export interface MlflowReply<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export interface MlflowError {
  error_code: string;
  message: string;
}

export class MlflowRestClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { 'user-agent': 'mlflow-python-client/2.17.0', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...extra };
  }

  async post<T = Record<string, unknown>>(endpoint: string, body: unknown, root = '/api/2.0/mlflow'): Promise<MlflowReply<T>> {
    const res = await fetch(`${this.baseUrl}${root}/${endpoint}`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json' }),
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T, headers: res.headers };
  }

  async get<T = Record<string, unknown>>(endpoint: string, params: Record<string, string | number | string[] | undefined>, root = '/api/2.0/mlflow'): Promise<MlflowReply<T>> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v === undefined) continue;
      for (const item of Array.isArray(v) ? v : [v]) qs.append(k, String(item));
    }
    const res = await fetch(`${this.baseUrl}${root}/${endpoint}?${qs.toString()}`, { headers: this.headers() });
    return { status: res.status, body: (await res.json()) as T, headers: res.headers };
  }

  /** HttpArtifactRepository.log_artifact: PUT the file's bytes with its guessed MIME type. */
  async uploadArtifact(path: string, bytes: Uint8Array | string, contentType = 'application/octet-stream'): Promise<MlflowReply> {
    const res = await fetch(`${this.baseUrl}/api/2.0/mlflow-artifacts/artifacts/${encodePath(path)}`, {
      method: 'PUT',
      headers: this.headers({ 'content-type': contentType }),
      body: bytes,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
  }

  async downloadArtifact(path: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
    const res = await fetch(`${this.baseUrl}/api/2.0/mlflow-artifacts/artifacts/${encodePath(path)}`, { headers: this.headers() });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  }

  listArtifactsAt(path: string): Promise<MlflowReply<{ files?: { path: string; is_dir: boolean; file_size?: number }[] }>> {
    return this.get('artifacts', { path }, '/api/2.0/mlflow-artifacts');
  }
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/* ---------- MLflow's response types, as the scenario reads them ---------- */

export interface KeyValue {
  key: string;
  value: string;
}

export interface ExperimentJson {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
  tags?: KeyValue[];
}

export interface RunInfoJson {
  run_id: string;
  run_uuid: string;
  run_name: string;
  experiment_id: string;
  user_id: string;
  status: string;
  start_time: number;
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: string;
}

export interface MetricJson {
  key: string;
  value: number | string;
  timestamp: number;
  step: number;
}

export interface RunJson {
  info: RunInfoJson;
  data: { metrics?: MetricJson[]; params?: KeyValue[]; tags?: KeyValue[] };
  inputs?: { dataset_inputs?: { tags?: KeyValue[]; dataset: Record<string, string> }[] };
}

/** Key/value lists as a map, the way MLflow's `Run.data.params` dict reads them. */
export function asMap(list: KeyValue[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, kv.value]));
}
