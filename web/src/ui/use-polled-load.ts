import { useEffect, useState } from 'react';
import { useLoad, type Loaded } from './use-load.js';
import { usePollTick } from './use-poll.js';

/** `useLoad`, reloaded every `ms` for as long as the last answer says something is still changing. */
export function usePolledLoad<T>(load: (signal: AbortSignal) => Promise<T>, key: string, ms: number, changing: (data: T) => boolean): Loaded<T> {
  const [active, setActive] = useState(false);
  const tick = usePollTick(ms, active);
  const loaded = useLoad(load, `${key}:${tick}`);
  // `changing` is a fresh closure each render; the answer is what it reads.
  useEffect(() => setActive(loaded.data !== undefined && changing(loaded.data)), [loaded.data]);
  return loaded;
}
