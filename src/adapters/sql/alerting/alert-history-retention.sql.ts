import type { Kysely } from 'kysely';
import { deletedRows, deleteInBatches } from '../batched-delete.js';
import type { DatabaseSchema } from '../schema/index.js';

type Db = Kysely<DatabaseSchema>;

/** Episodes a notification group still names in its `sent` map: the evaluator reads them to announce "resolved". */
async function episodesGroupsNeed(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('alert_groups').select('sent').execute();
  return [...new Set(rows.flatMap((r) => Object.values(JSON.parse(r.sent) as Record<string, string>)))];
}

/**
 * The alert history retention deletes (see AlertingStore.deleteHistoryBefore): resolved episodes, finished
 * notifications and inbox items from before `cutoff`, oldest first. Each batch selects its keys and deletes
 * them in one statement, so it is one short implicit transaction.
 */
export async function deleteAlertHistoryBefore(db: Db, cutoff: number, batchSize: number): Promise<number> {
  const keep = await episodesGroupsNeed(db);
  const alerts = await deleteInBatches(batchSize, async (limit) => {
    let q = db.selectFrom('alerts').select('id').where('state', '=', 'resolved').where('resolved_at', '<', cutoff);
    if (keep.length > 0) q = q.where('id', 'not in', keep);
    const ids = (await q.orderBy('resolved_at').limit(limit).execute()).map((r) => r.id);
    return ids.length === 0 ? 0 : deletedRows(await db.deleteFrom('alerts').where('id', 'in', ids).where('state', '=', 'resolved').executeTakeFirst());
  });
  // Pending rows are the outbox: a notification not yet delivered is never history.
  const notifications = await deleteInBatches(batchSize, async (limit) => {
    const ids = (await db.selectFrom('alert_notifications').select('id').where('status', 'in', ['sent', 'failed']).where('created_at', '<', cutoff).orderBy('created_at').limit(limit).execute()).map((r) => r.id);
    return ids.length === 0 ? 0 : deletedRows(await db.deleteFrom('alert_notifications').where('id', 'in', ids).where('status', '!=', 'pending').executeTakeFirst());
  });
  const inbox = await deleteInBatches(batchSize, async (limit) => {
    const ids = (await db.selectFrom('alert_inbox').select('id').where('created_at', '<', cutoff).orderBy('created_at').limit(limit).execute()).map((r) => r.id);
    return ids.length === 0 ? 0 : deletedRows(await db.deleteFrom('alert_inbox').where('id', 'in', ids).executeTakeFirst());
  });
  return alerts + notifications + inbox;
}
