import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { Keel } from '../../../src/sdk/index.js';

const KeelContext = createContext<Keel | null>(null);

// The status poll is the retry loop, and a hung server must show as down before the next tick.
const UI_REQUEST_TIMEOUT_MS = 4_000;

/** One SDK client for the whole UI, rebuilt only when the API key changes. */
export function KeelProvider({ apiKey, children }: { apiKey: string; children: ReactNode }) {
  const client = useMemo(
    () => new Keel({ apiKey: apiKey || undefined, retries: 0, timeoutMs: UI_REQUEST_TIMEOUT_MS }),
    [apiKey],
  );
  return <KeelContext.Provider value={client}>{children}</KeelContext.Provider>;
}

export function useKeel(): Keel {
  const client = useContext(KeelContext);
  if (!client) throw new Error('useKeel() must be used inside <KeelProvider>');
  return client;
}
