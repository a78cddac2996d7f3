import { AppError } from '../../core/errors.js';

/** Page tokens are opaque base64 of an offset, as MLflow's are; clients must not build them. */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'offset' in parsed) {
      const { offset } = parsed as { offset: unknown };
      if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) return offset;
    }
  } catch {
    // fall through to the error below
  }
  throw AppError.invalid('pageToken is not a token this server issued', [{ path: 'pageToken', message: 'invalid page token' }]);
}

/** Fetches one row more than asked, to know whether a next page exists without counting. */
export async function page<T>(offset: number, limit: number, fetch: (offset: number, limit: number) => Promise<T[]>): Promise<{ items: T[]; nextPageToken?: string }> {
  const rows = await fetch(offset, limit + 1);
  if (rows.length <= limit) return { items: rows };
  return { items: rows.slice(0, limit), nextPageToken: encodePageToken(offset + limit) };
}
