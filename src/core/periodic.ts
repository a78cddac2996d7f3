/**
 * Runs `task` every `intervalMs` without overlapping itself (a slow pass delays the next, it
 * never runs twice at once); the timer never keeps the process alive. Returns the stop function.
 */
export function runPeriodically(intervalMs: number, task: () => Promise<unknown>, onError: (err: unknown) => void): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void task()
      .catch(onError)
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
