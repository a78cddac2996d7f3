import type { CreateVersionInput, CreateVersionResult, DataFormat } from '../domains/data/data.schema.js';

/** The calls `addLocalDataset` makes (DataApi has them); a structural type keeps the Node helpers free of import cycles. */
export interface DatasetUploader {
  missingFiles(sha256: string[]): Promise<string[]>;
  uploadFile(data: AsyncIterable<Uint8Array>): Promise<{ sha256: string; size: number }>;
  createVersion(name: string, input: CreateVersionInput): Promise<CreateVersionResult>;
}

export interface AddDatasetOptions {
  message?: string | undefined;
  description?: string | undefined;
  source?: string | undefined;
  format?: DataFormat | undefined;
  /** Bytes read so far in each phase: hashing every file, uploading the missing ones, then (once, 0 of `total` bytes) the server's commit and profile. */
  onProgress?: ((p: { phase: 'hash' | 'upload' | 'commit'; done: number; total: number }) => void) | undefined;
}

export interface AddDatasetResult extends CreateVersionResult {
  uploadedFiles: number;
  uploadedBytes: number;
}
