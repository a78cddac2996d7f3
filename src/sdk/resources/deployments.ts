import type { Deployment, DeploymentAuditEvent, DeploymentStats, DeploySpec, FeedbackBody, PredictResult, StreamBinding, StreamBindingSpec } from '../../domains/serving/serving.schema.js';
import type { HttpTransport } from '../transport.js';

const enc = encodeURIComponent;
const base = (name: string): string => `/api/v1/deployments/${enc(name)}`;

/** An Open Inference Protocol v2 tensor, as sent and received. */
export interface OipTensor {
  name: string;
  shape: number[];
  datatype: 'BOOL' | 'UINT8' | 'INT8' | 'INT32' | 'INT64' | 'FP32' | 'FP64' | 'BYTES';
  data: (number | string | boolean)[];
}

export interface OipInferResponse {
  model_name: string;
  model_version: string;
  id: string;
  parameters?: { arm?: string; cached?: boolean; fallback?: boolean };
  outputs: OipTensor[];
}

/** Deployments: deploy with a strategy, roll back, predict, send feedback, read arm statistics, bind NATS streams. */
export class DeploymentsApi {
  constructor(private readonly http: HttpTransport) {}

  /**
   * Creates the deployment or stores its next revision.
   * @example await keel.deployments.deploy('churn', { model: 'churn@champion' });
   * @example await keel.deployments.deploy('churn', { strategy: 'canary', model: 'churn@3', candidate: 'churn@4', weight: 5 });
   */
  deploy(name: string, spec: DeploySpec): Promise<Deployment> {
    return this.http.request('PUT', base(name), { body: spec });
  }

  /** @example const { deployments } = await keel.deployments.list(); */
  list(): Promise<{ deployments: Deployment[] }> {
    return this.http.request('GET', '/api/v1/deployments');
  }

  /** @example const d = await keel.deployments.get('churn'); */
  get(name: string): Promise<Deployment> {
    return this.http.request('GET', base(name));
  }

  /** The previous revision becomes current again. @example await keel.deployments.rollback('churn', 'p99 regression'); */
  rollback(name: string, reason?: string): Promise<Deployment> {
    return this.http.request('POST', `${base(name)}/rollback`, { body: reason === undefined ? {} : { reason } });
  }

  /** @example await keel.deployments.delete('old'); */
  delete(name: string): Promise<void> {
    return this.http.request('DELETE', base(name));
  }

  /** @example const { revisions } = await keel.deployments.revisions('churn'); */
  revisions(name: string): Promise<{ revisions: Deployment[] }> {
    return this.http.request('GET', `${base(name)}/revisions`);
  }

  /** @example const { events } = await keel.deployments.audit('churn'); */
  audit(name: string): Promise<{ events: DeploymentAuditEvent[] }> {
    return this.http.request('GET', `${base(name)}/audit`);
  }

  /** Per-arm requests, errors, feedback rates; A/B significance; shadow agreement. @example await keel.deployments.stats('churn'); */
  stats(name: string): Promise<DeploymentStats> {
    return this.http.request('GET', `${base(name)}/stats`);
  }

  /** Ground truth or a reward (0/1) for a served request. @example await keel.deployments.feedback('churn', { requestId, reward: 1 }); */
  feedback(name: string, body: FeedbackBody): Promise<{ requestId: string; arm: string }> {
    return this.http.request('POST', `${base(name)}/feedback`, { body });
  }

  /** Open Inference Protocol v2 infer. @example await keel.deployments.infer('iris', [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [5.1, 3.5, 1.4, 0.2] }]); */
  infer(name: string, inputs: OipTensor[], opts: { version?: number; outputs?: string[]; key?: string } = {}): Promise<OipInferResponse> {
    const path = opts.version === undefined ? `/v2/models/${enc(name)}/infer` : `/v2/models/${enc(name)}/versions/${opts.version}/infer`;
    return this.http.request('POST', path, { body: { inputs, ...(opts.outputs ? { outputs: opts.outputs.map((o) => ({ name: o })) } : {}), ...(opts.key ? { parameters: { key: opts.key } } : {}) } });
  }

  /** Tabular prediction. @example const { predictions } = await keel.deployments.predict('iris', [{ sepal_length: 5.1, … }]); */
  predict(name: string, instances: Record<string, number | string | boolean | null>[], opts: { key?: string } = {}): Promise<PredictResult> {
    return this.http.request('POST', `${base(name)}/predict`, { body: { instances, ...(opts.key ? { key: opts.key } : {}) } });
  }

  /**
   * Starts consuming JSON records from a NATS subject and publishing predictions to another (needs NATS on the server).
   * @example const binding = await keel.deployments.startStream('churn', { input: 'churn.in', output: 'churn.out' });
   */
  startStream(name: string, spec: StreamBindingSpec): Promise<StreamBinding> {
    return this.http.request('POST', `${base(name)}/streams`, { body: spec });
  }

  /** The stream bindings running in the server, with their counts. @example const bindings = await keel.deployments.streams('churn'); */
  async streams(name: string): Promise<StreamBinding[]> {
    return (await this.http.request<{ streams: StreamBinding[] }>('GET', `${base(name)}/streams`)).streams;
  }

  /** Stops a binding; un-acked messages go to the next consumer. @example await keel.deployments.stopStream('churn', binding.id); */
  async stopStream(name: string, id: string): Promise<void> {
    await this.http.request('DELETE', `${base(name)}/streams/${enc(id)}`);
  }
}
