/** Where background materialization runs keep their state, so any server can answer a poll. */
import type { MaterializationRun } from './features.schema.js';

export interface MaterializationRunStore {
  create(run: MaterializationRun): Promise<void>;
  /** Replaces the stored run with the same id. */
  update(run: MaterializationRun): Promise<void>;
  get(id: string): Promise<MaterializationRun | null>;
  /** Newest first. */
  list(limit: number): Promise<MaterializationRun[]>;
}
