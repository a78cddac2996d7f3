import { useEffect, useState } from 'react';

/** Re-renders every `ms` while `active`, so a page can reload what is still changing. */
export function usePollTick(ms: number, active: boolean): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick((t) => t + 1), ms);
    return () => clearInterval(timer);
  }, [ms, active]);
  return tick;
}
