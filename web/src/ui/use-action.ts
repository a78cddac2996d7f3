import { useState } from 'react';
import { errorText } from './error-text.js';

export interface Action {
  busy: boolean;
  /** The last failure's message, shown inline until the next try. */
  error: string | null;
  setError: (error: string | null) => void;
  run: (action: () => Promise<void>) => Promise<void>;
}

/** Runs one user-started request at a time, keeping its busy flag and its error message. */
export function useAction(describeError: (error: unknown) => string = errorText): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(action: () => Promise<void>): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}
