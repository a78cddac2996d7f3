import { useState } from 'react';
import type { StreamBinding } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { DataTable } from '../../ui/data-table.js';
import { FieldError } from '../../ui/field-error.js';
import { formatShortTime, formatTime } from '../../ui/format.js';
import { ListPanel } from '../../ui/list-panel.js';
import { ModalDialog } from '../../ui/modal-dialog.js';
import { useAction } from '../../ui/use-action.js';
import { usePolledLoad } from '../../ui/use-polled-load.js';

const POLL_MS = 5_000;
const COLUMNS = [{ label: 'Input → output' }, { label: 'Dead letters' }, { label: 'Answered', num: true }, { label: 'Retried', num: true }, { label: 'Dead-lettered', num: true }, { label: 'Started' }, { label: <span className="visually-hidden">Actions</span> }];

/** The NATS stream bindings this server runs for the deployment, their counts refreshed while any run. */
export function StreamsPanel({ deployment }: { deployment: string }) {
  const keel = useKeel();
  const [generation, setGeneration] = useState(0);
  const [stopping, setStopping] = useState<StreamBinding | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const streams = usePolledLoad(() => keel.deployments.streams(deployment), `${deployment}:${generation}`, POLL_MS, (list) => list.length > 0);
  const stopped = notice && (
    <p className="notice" role="status">
      {notice}
    </p>
  );

  return (
    <>
      <ListPanel
      titleId="streams-title"
      title="Streams"
      items={streams.data}
      error={streams.error}
      errorBanner
      titleRow
      aside={
        <p className="muted small">
          Start one with <code>POST …/streams</code> or <code>keel.deployments.startStream</code>.
        </p>
      }
      loadingLabel="Loading stream bindings"
      loadingLines={2}
      empty={
        <>
          {stopped}
          <p className="muted">No stream bindings run for {deployment} in this server.</p>
        </>
      }
    >
      {(items) => (
        <>
          {stopped}
          <DataTable
            className="table table--compact streams-table"
            caption="Stream bindings"
            columns={COLUMNS}
            rows={items}
            row={(b) => (
              <tr key={b.id} data-binding={b.id}>
                <td className="mono">
                  {b.input} → {b.output}
                </td>
                <td className="mono">{b.deadLetter}</td>
                <td className="num">{b.counts.answered.toLocaleString('en-US')}</td>
                <td className="num">{b.counts.retried.toLocaleString('en-US')}</td>
                <td className="num">{b.counts.deadLettered.toLocaleString('en-US')}</td>
                <td className="nowrap" title={formatTime(b.startedAt)}>
                  {formatShortTime(b.startedAt)}
                </td>
                <td>
                  <button type="button" className="button button--ghost" onClick={() => setStopping(b)} aria-label={`Stop ${b.input}`}>
                    Stop
                  </button>
                </td>
              </tr>
            )}
          />
        </>
      )}
      </ListPanel>
      {stopping && (
        <StopStreamDialog
          deployment={deployment}
          binding={stopping}
          onClose={() => setStopping(null)}
          onStopped={() => {
            setNotice(`Stopped the binding on ${stopping.input}.`);
            setStopping(null);
            setGeneration((g) => g + 1);
          }}
        />
      )}
    </>
  );
}

function StopStreamDialog({ deployment, binding, onClose, onStopped }: { deployment: string; binding: StreamBinding; onClose: () => void; onStopped: () => void }) {
  const keel = useKeel();
  const stop = useAction();
  return (
    <ModalDialog
      title={`Stop the binding on ${binding.input}?`}
      confirmLabel="Stop"
      tone="danger"
      busy={stop.busy}
      onClose={onClose}
      onConfirm={() =>
        void stop.run(async () => {
          await keel.deployments.stopStream(deployment, binding.id);
          onStopped();
        })
      }
    >
      <p>
        {deployment} stops consuming <code>{binding.input}</code>. Messages taken but not yet answered go back to the subject for the next consumer (durable{' '}
        <code>{binding.durable}</code>).
      </p>
      <FieldError error={stop.error} />
    </ModalDialog>
  );
}
