import { useState } from 'react';
import type { InboxItem } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { Badge } from '../../ui/badge.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatTime } from '../../ui/format.js';
import { SEVERITY_TONE } from './alert-format.js';

/** The in-app inbox: newest first, unread in bold, each markable read or unread. */
export function InboxPanel({ items, unread, onChange }: { items: readonly InboxItem[]; unread: number; onChange: () => void }) {
  const keel = useKeel();
  const [error, setError] = useState<unknown>(undefined);
  async function act(work: () => Promise<unknown>): Promise<void> {
    setError(undefined);
    try {
      await work();
      onChange();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <>
      <div className="panel-title-row">
        <h2 id="inbox-title">
          Inbox <span className="muted small">{unread} unread</span>
        </h2>
        <button type="button" className="button button--ghost" disabled={unread === 0} onClick={() => void act(() => keel.alerts.markAllRead())}>
          Mark all read
        </button>
      </div>
      {error !== undefined && <ErrorBanner error={error} />}
      {items.length === 0 ? (
        <p className="muted">Nothing yet. Rules that notify the inbox channel put their notifications here.</p>
      ) : (
        <ul className="inbox-list" aria-labelledby="inbox-title">
          {items.map((item) => (
            <li key={item.id} className={item.readAt === null ? 'inbox-item is-unread' : 'inbox-item'}>
              <div className="inbox-head">
                <Badge tone={SEVERITY_TONE[item.severity]}>{item.severity}</Badge>
                <strong>{item.title}</strong>
                <span className="muted small">{formatTime(item.createdAt)}</span>
                <button type="button" className="button button--ghost inbox-toggle" onClick={() => void act(() => keel.alerts.markRead(item.id, item.readAt === null))}>
                  {item.readAt === null ? 'Mark read' : 'Mark unread'}
                </button>
              </div>
              <pre className="inbox-body small">{item.body}</pre>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
