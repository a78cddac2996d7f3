import { useEffect, useState } from 'react';
import type { AlertRule } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { AlertsTable } from './alerts-tables.js';
import { ChannelsPanel } from './channels-panel.js';
import { SilencesPanel } from './silences-panel.js';
import { InboxPanel } from './inbox-panel.js';
import { RuleEditor } from './rule-editor.js';
import { RulesTable } from './rules-table.js';
import './alerts.css';

/** Firing alerts change with every monitor run: polled, like the gateway's provider health. */
const POLL_MS = 5_000;

/** `/alerts`: what fires now, the inbox, the rules (with an editor) and the history of alerts. */
export function AlertsPage() {
  const keel = useKeel();
  const [tick, setTick] = useState(0);
  const [editing, setEditing] = useState<AlertRule | 'new' | null>(null);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), POLL_MS);
    return () => clearInterval(timer);
  }, []);
  const refresh = (): void => setTick((t) => t + 1);
  const firing = useLoad(() => keel.alerts.firing(), `firing:${tick}`);
  const inbox = useLoad(() => keel.alerts.inbox({ limit: 20 }), `inbox:${tick}`);
  const rules = useLoad(() => keel.alerts.rules(), `rules:${tick}`);
  const channels = useLoad(() => keel.alerts.channels(), `channels:${tick}`);
  const silences = useLoad(() => keel.alerts.silences(), `silences:${tick}`);
  const history = useLoad(() => keel.alerts.history({ limit: 50 }), `history:${tick}`);

  return (
    <article className="page page--wide alerts-page" aria-labelledby="page-title">
      <header className="page-header title-split">
        <div>
          <h1 id="page-title">Alerts</h1>
          <p className="page-subtitle">Rules over monitor and infrastructure signals; notifications are grouped, deduplicated and resolved as Alertmanager does.</p>
        </div>
        <button type="button" className="button" onClick={refresh}>
          Refresh
        </button>
      </header>

      <section className="panel" aria-labelledby="firing-title">
        <h2 id="firing-title">Firing now</h2>
        {firing.error !== undefined && <ErrorBanner error={firing.error} />}
        {firing.data ? (
          firing.data.length === 0 ? (
            <p className="muted">No alert is firing.</p>
          ) : (
            <AlertsTable alerts={firing.data} caption="Alerts pending or firing" />
          )
        ) : (
          firing.error === undefined && <Loading label="Loading alerts" lines={2} />
        )}
      </section>

      <section className="panel">
        {inbox.data ? <InboxPanel items={inbox.data.items} unread={inbox.data.unread} onChange={refresh} /> : inbox.error !== undefined ? <ErrorBanner error={inbox.error} /> : <Loading label="Loading inbox" lines={2} />}
      </section>

      <section className="panel" aria-labelledby="rules-title">
        <div className="panel-title-row">
          <h2 id="rules-title">Rules</h2>
          {editing === null && (
            <button type="button" className="button" onClick={() => setEditing('new')}>
              New rule
            </button>
          )}
        </div>
        {editing !== null && (
          <RuleEditor
            key={editing === 'new' ? 'new' : editing.id}
            rule={editing === 'new' ? null : editing}
            channels={channels.data ?? []}
            onCancel={() => setEditing(null)}
            onSaved={() => {
              setEditing(null);
              refresh();
            }}
          />
        )}
        {rules.error !== undefined && <ErrorBanner error={rules.error} />}
        {rules.data ? <RulesTable rules={rules.data} onEdit={(r) => setEditing(r)} /> : rules.error === undefined && <Loading label="Loading rules" lines={4} />}
      </section>

      <div className="alerts-grid">
        <section className="panel" aria-labelledby="channels-title">
          <h2 id="channels-title">Channels</h2>
          {channels.error !== undefined && <ErrorBanner error={channels.error} />}
          {channels.data ? <ChannelsPanel channels={channels.data} onChange={refresh} /> : channels.error === undefined && <Loading label="Loading channels" lines={2} />}
        </section>
        <section className="panel" aria-labelledby="silences-title">
          <h2 id="silences-title">Silences</h2>
          {silences.error !== undefined && <ErrorBanner error={silences.error} />}
          {silences.data ? <SilencesPanel silences={silences.data} onChange={refresh} /> : silences.error === undefined && <Loading label="Loading silences" lines={2} />}
        </section>
      </div>

      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        {history.error !== undefined && <ErrorBanner error={history.error} />}
        {history.data ? (
          history.data.length === 0 ? (
            <p className="muted">No alert has fired yet.</p>
          ) : (
            <AlertsTable alerts={history.data} caption="Alert history" history />
          )
        ) : (
          history.error === undefined && <Loading label="Loading history" lines={3} />
        )}
      </section>
    </article>
  );
}
