import type { SystemStatus } from '../../app/server-status.js';

interface EngineRow {
  role: string;
  purpose: string;
  engine: string;
  detail: string;
}

const DATABASE: Record<SystemStatus['database']['type'], [string, string]> = {
  sqlite: ['SQLite', 'embedded, in the data folder'],
  postgres: ['PostgreSQL', 'external server'],
};
const ARTIFACTS: Record<SystemStatus['artifacts']['type'], [string, string]> = {
  fs: ['Local files', 'content-addressed, in the data folder'],
  s3: ['S3', 'S3-compatible object store'],
};
const KV: Record<SystemStatus['kv']['type'], [string, string]> = {
  sqlite: ['SQLite', 'embedded'],
  redis: ['Redis', 'external server'],
};
const QUEUE: Record<SystemStatus['queue']['type'], [string, string]> = {
  embedded: ['Embedded', 'in this process'],
  postgres: ['PostgreSQL', 'shared with remote workers'],
};

function rows(status: SystemStatus): EngineRow[] {
  const [db, dbDetail] = DATABASE[status.database.type];
  const [blob, blobDetail] = ARTIFACTS[status.artifacts.type];
  const [kv, kvDetail] = KV[status.kv.type];
  const [queue, queueDetail] = QUEUE[status.queue.type];
  return [
    { role: 'Database', purpose: 'Metadata', engine: db, detail: dbDetail },
    { role: 'Artifacts', purpose: 'Models, files, datasets', engine: blob, detail: blobDetail },
    { role: 'Key-value', purpose: 'Online features, caches', engine: kv, detail: kvDetail },
    { role: 'Queue', purpose: 'Background jobs', engine: queue, detail: queueDetail },
  ];
}

export function StorageEngines({ status }: { status: SystemStatus }) {
  return (
    <section className="panel" aria-labelledby="storage-title">
      <h2 id="storage-title">Storage engines</h2>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col" className="optional">Holds</th>
              <th scope="col">Engine</th>
              <th scope="col">Where</th>
            </tr>
          </thead>
          <tbody>
            {rows(status).map((row) => (
              <tr key={row.role}>
                <th scope="row">{row.role}</th>
                <td className="muted optional">{row.purpose}</td>
                <td>
                  <span className="engine">{row.engine}</span>
                </td>
                <td className="muted">{row.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
