import Database from 'better-sqlite3';
import path from 'node:path';

/**
 * The raw better-sqlite3 baselines of the tracking suite, in their own database file: the
 * same rows Keel stores, written and read the plain way (a row per point, a prepared
 * statement, one transaction) with the pragmas Keel's server uses (WAL, synchronous=NORMAL).
 */
export interface RawPoint {
  series: number;
  step: number;
  timestamp: number;
  value: number;
}

export class RawMetricsDb {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly history: Database.Statement;
  private readonly insertMany: (points: readonly RawPoint[]) => void;

  constructor(dir: string) {
    this.db = new Database(path.join(dir, 'raw-baseline.db'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // A row per point keyed by an integer series id, with a covering index in history order:
    // the leanest row layout (no run id or key text repeated per point).
    this.db.exec(`create table metric_points (series_id integer not null, step integer not null, "timestamp" integer not null, value real, is_nan integer not null);
      create index metric_points_history on metric_points (series_id, step, "timestamp", value, is_nan);`);
    this.insert = this.db.prepare('insert into metric_points (series_id, step, "timestamp", value, is_nan) values (?, ?, ?, ?, ?)');
    this.history = this.db.prepare('select step, "timestamp", value, is_nan from metric_points where series_id = ? order by step, "timestamp"');
    this.insertMany = this.db.transaction((points: readonly RawPoint[]) => {
      for (const p of points) {
        const nan = Number.isNaN(p.value);
        this.insert.run(p.series, p.step, p.timestamp, nan ? null : p.value, nan ? 1 : 0);
      }
    });
  }

  /** One transaction inserting every point; returns its wall time in ms. */
  timedInsert(points: readonly RawPoint[]): number {
    const started = performance.now();
    this.insertMany(points);
    return performance.now() - started;
  }

  /** SELECT of a whole series into row objects; returns [ms, rows]. */
  timedHistory(seriesId: number): [number, number] {
    const started = performance.now();
    const rows = this.history.all(seriesId);
    return [performance.now() - started, rows.length];
  }

  close(): void {
    this.db.close();
  }
}
