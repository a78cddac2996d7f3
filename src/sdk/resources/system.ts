import type { Health, Readiness, ServerStatus } from '../../domains/system/system.schema.js';
import type { HttpTransport } from '../transport.js';

export class SystemApi {
  constructor(private readonly http: HttpTransport) {}

  /** `GET /healthz`. @example const { version } = await keel.system.health(); */
  health(): Promise<Health> {
    return this.http.request('GET', '/healthz');
  }

  /** `GET /readyz`: throws UNAVAILABLE when an engine does not answer. */
  readiness(): Promise<Readiness> {
    return this.http.request('GET', '/readyz', { idempotent: false });
  }

  /** Version, uptime and engines. @example (await keel.system.status()).database.type // 'sqlite' */
  status(): Promise<ServerStatus> {
    return this.http.request('GET', '/api/v1/status');
  }

  /** The Prometheus exposition text of `GET /metrics`. */
  metrics(): Promise<string> {
    return this.http.request('GET', '/metrics');
  }
}
