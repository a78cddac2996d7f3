import './training.css';
import { useEffect, useRef, useState } from 'react';
import type { RunLogLine } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { usePollTick } from '../../ui/use-poll.js';

/**
 * A run's log lines (what a training job printed, and the worker's notes), appended as they
 * arrive while `live`. Renders nothing for a run without logs unless `always`.
 */
export function RunLogsPanel({ runId, live, always = false }: { runId: string; live: boolean; always?: boolean }) {
  const keel = useKeel();
  const tick = usePollTick(1_000, live);
  const [lines, setLines] = useState<RunLogLine[]>([]);
  const after = useRef(0);

  useEffect(() => {
    let stop = false;
    void (async () => {
      for (;;) {
        const page = await keel.training.logs(runId, { after: after.current, limit: 1000 });
        if (stop || page.lines.length === 0) return;
        after.current = page.next;
        setLines((old) => [...old, ...page.lines]);
        if (page.lines.length < 1000) return;
      }
    })().catch(() => undefined);
    return () => {
      stop = true;
    };
  }, [keel, runId, tick]);

  if (lines.length === 0 && !always) return null;
  return (
    <section className="panel" aria-labelledby="run-logs-title">
      <h2 id="run-logs-title">Logs {live && <span className="muted small">(live)</span>}</h2>
      {lines.length === 0 ? (
        <p className="muted">No output yet.</p>
      ) : (
        <pre className="training-logs" aria-label="Run logs">
          {lines.map((l) => (
            <span key={l.seq} className={`training-log training-log--${l.stream}`}>
              {l.text}
              {'\n'}
            </span>
          ))}
        </pre>
      )}
    </section>
  );
}
