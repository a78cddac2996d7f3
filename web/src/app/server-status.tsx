import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { AppError, type Health, type ServerStatus } from '../../../src/sdk/index.js';
import { useKeel } from './keel-client.js';

export type { Health };
export type SystemStatus = ServerStatus;

export type ProblemKind = 'unreachable' | 'auth' | 'error';
export interface Problem {
  kind: ProblemKind;
  message: string;
}

/** Last good answers are kept while the server is unreachable, so the page shows stale data next to the banner instead of going blank. */
export interface ServerState {
  health: Health | null;
  status: SystemStatus | null;
  problem: Problem | null;
  checkedAt: number | null;
}

export const REFRESH_INTERVAL_MS = 5_000;

const INITIAL: ServerState = { health: null, status: null, problem: null, checkedAt: null };
const ServerStatusContext = createContext<ServerState>(INITIAL);

export function describeProblem(error: unknown): Problem {
  if (error instanceof AppError) {
    switch (error.code) {
      case 'UNAUTHENTICATED':
        return { kind: 'auth', message: 'This server needs an API key. Enter one in the header to continue.' };
      case 'PERMISSION_DENIED':
        return { kind: 'auth', message: `This API key is not allowed to read server status: ${error.message}` };
      case 'UNAVAILABLE':
        // An HTTP status in details means the server answered (e.g. /healthz 503 while its database is down).
        return error.details?.['status'] === undefined
          ? { kind: 'unreachable', message: `The Keel server is unreachable: ${error.message}` }
          : { kind: 'error', message: `The server is up but unhealthy: ${error.message}` };
      default:
        return { kind: 'error', message: `${error.code}: ${error.message}` };
    }
  }
  // fetch() rejects with a bare TypeError when the connection itself fails.
  const detail = error instanceof Error ? error.message : String(error);
  return { kind: 'unreachable', message: `The Keel server is unreachable (${detail}).` };
}

/** Polls health and status every REFRESH_INTERVAL_MS; header and Overview read the same answers. */
export function ServerStatusProvider({ children }: { children: ReactNode }) {
  const keel = useKeel();
  const [state, setState] = useState<ServerState>(INITIAL);

  useEffect(() => {
    let cancelled = false;
    let inFlight = false;

    async function refresh(): Promise<void> {
      if (inFlight) return; // a slow server must not pile up requests
      inFlight = true;
      // Health needs no key, so the version still shows when status answers 401.
      const [health, status] = await Promise.allSettled([keel.system.health(), keel.system.status()]);
      inFlight = false;
      if (cancelled) return;
      setState((previous) => {
        const problem =
          health.status === 'rejected'
            ? describeProblem(health.reason)
            : status.status === 'rejected'
              ? describeProblem(status.reason)
              : null;
        return {
          health: health.status === 'fulfilled' ? health.value : problem?.kind === 'unreachable' ? previous.health : null,
          status: status.status === 'fulfilled' ? status.value : problem?.kind === 'unreachable' ? previous.status : null,
          problem,
          checkedAt: Date.now(),
        };
      });
    }

    void refresh();
    const timer = window.setInterval(() => void refresh(), REFRESH_INTERVAL_MS);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
    };
  }, [keel]);

  return <ServerStatusContext.Provider value={state}>{children}</ServerStatusContext.Provider>;
}

export function useServerStatus(): ServerState {
  return useContext(ServerStatusContext);
}
