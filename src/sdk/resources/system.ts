import type { Health, Readiness, RetentionStatus, RetentionSweep, ServerStatus } from '../../domains/system/system.schema.js';
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

  /**
   * `GET /api/v1/system/retention`: days kept per log (null: forever) and this server's last sweep.
   * @example const { policy, lastSweep } = await keel.system.retention();
   */
  retention(): Promise<RetentionStatus> {
    return this.http.request('GET', '/api/v1/system/retention');
  }

  /**
   * `POST /api/v1/system/retention/sweep` (admin scope): deletes what the policy no longer keeps, now.
   * Safe to retry: a second sweep finds nothing more to delete.
   * @example for (const t of (await keel.system.sweepRetention()).tables) console.log(t.table, t.deleted);
   */
  sweepRetention(): Promise<RetentionSweep> {
    return this.http.request('POST', '/api/v1/system/retention/sweep', { idempotent: true });
  }
}
