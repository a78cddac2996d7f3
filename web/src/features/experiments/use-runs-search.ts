import { useState } from 'react';
import { AppError } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { useLoad } from '../../ui/use-load.js';
import type { Run } from './tracking-types.js';

export const RUNS_PAGE_SIZE = 50;

export interface RunsSearch {
  runs: Run[];
  loading: boolean;
  /** The server's INVALID_ARGUMENT message for a bad filter or sort: shown beside the filter box. */
  filterError: string | null;
  /** Any other failure, for the problem banner. */
  error: unknown;
  page: number;
  hasNext: boolean;
  next: () => void;
  previous: () => void;
}

/**
 * One page of `runs.search`; the filter is passed to the server exactly as typed.
 * Pages are walked with the server's tokens; going back reuses the token that led to the page.
 */
export function useRunsSearch(experimentId: string, filter: string, orderBy: string): RunsSearch {
  const keel = useKeel();
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const query = JSON.stringify([experimentId, filter, orderBy]);
  const [queryOfTokens, setQueryOfTokens] = useState(query);
  // A new filter or sort starts again at page one.
  if (queryOfTokens !== query) {
    setQueryOfTokens(query);
    setTokens([undefined]);
  }
  const pageToken = tokens[tokens.length - 1];
  const result = useLoad(
    () =>
      keel.runs.search({
        experimentIds: [experimentId],
        filter,
        orderBy: orderBy ? [orderBy] : [],
        maxResults: RUNS_PAGE_SIZE,
        pageToken,
      }),
    `${query}|${pageToken ?? ''}`,
  );
  const invalid = result.error instanceof AppError && result.error.code === 'INVALID_ARGUMENT';
  const nextToken = result.data?.nextPageToken;
  return {
    runs: invalid ? [] : (result.data?.runs ?? []),
    loading: result.loading,
    filterError: invalid ? (result.error as AppError).message : null,
    error: invalid ? undefined : result.error,
    page: tokens.length,
    hasNext: Boolean(nextToken) && !result.loading,
    next: () => {
      if (nextToken) setTokens((t) => [...t, nextToken]);
    },
    previous: () => setTokens((t) => (t.length > 1 ? t.slice(0, -1) : t)),
  };
}
