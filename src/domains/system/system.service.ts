import type { Clock } from '../../core/clock.js';
import type { EngineInfo, Health, Readiness, ServerStatus } from './system.schema.js';

/** A named dependency probe: resolves when the engine answers. */
export type Probe = () => Promise<void>;

export interface SystemServiceDeps {
  version: string;
  clock: Clock;
  engines: EngineInfo;
  /** The database probe decides liveness; all probes decide readiness. */
  probes: { database: Probe } & Record<string, Probe>;
  authEnabled: () => Promise<boolean>;
}

const PROBE_TIMEOUT_MS = 2_000;

async function timed(probe: Probe): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs: Math.round((performance.now() - start) * 1000) / 1000 };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - start), error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export class SystemService {
  readonly startedAt: number;
  private draining = false;

  constructor(private readonly deps: SystemServiceDeps) {
    this.startedAt = deps.clock.now();
  }

  get version(): string {
    return this.deps.version;
  }

  /** Called when shutdown starts, so load balancers stop sending work before the server closes. */
  markDraining(): void {
    this.draining = true;
  }

  async health(): Promise<Health> {
    const db = await timed(this.deps.probes.database);
    return db.ok ? { status: 'ok', version: this.deps.version } : { status: 'unavailable', version: this.deps.version, error: `database: ${db.error}` };
  }

  async readiness(): Promise<Readiness> {
    const entries = await Promise.all(Object.entries(this.deps.probes).map(async ([name, probe]) => [name, await timed(probe)] as const));
    const checks = Object.fromEntries(entries);
    if (this.draining) checks.server = { ok: false, latencyMs: 0, error: 'shutting down' };
    return { status: Object.values(checks).every((c) => c.ok) ? 'ready' : 'not_ready', checks };
  }

  async status(): Promise<ServerStatus> {
    const now = this.deps.clock.now();
    return {
      version: this.deps.version,
      startedAt: this.startedAt,
      uptimeMs: now - this.startedAt,
      ...this.deps.engines,
      auth: { enabled: await this.deps.authEnabled() },
    };
  }
}
