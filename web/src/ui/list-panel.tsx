import type { ReactNode } from 'react';
import { ErrorBanner } from './error-banner.js';
import { Loading } from './skeleton.js';

interface ListPanelProps<T> {
  /** The heading's id, which labels the section. */
  titleId: string;
  title: string;
  /** The loaded list; `undefined` until the first answer. */
  items: readonly T[] | undefined;
  /** The load's error: while there is one, no skeleton shows. */
  error: unknown;
  /** Shows the error's banner under the heading; pages show theirs above their panels instead. */
  errorBanner?: boolean;
  loadingLabel: string;
  loadingLines?: number;
  /** Puts the heading in a `.panel-title-row`, with `aside` beside it. */
  titleRow?: boolean;
  aside?: ReactNode;
  /** Shown once loaded with nothing in the list: usually how to make the first one. */
  empty: ReactNode;
  /** The list itself, given the loaded, non-empty items. */
  children: (items: readonly T[]) => ReactNode;
}

/** A panel holding one loaded list: heading with its count, then a skeleton, the empty state or the list. */
export function ListPanel<T>({ titleId, title, items, error, loadingLabel, loadingLines = 4, titleRow = false, aside, errorBanner = false, empty, children }: ListPanelProps<T>) {
  const count = items?.length ?? 0;
  const heading = (
    <h2 id={titleId}>
      {`${title} `}
      {count > 0 && <span className="count">{count}</span>}
    </h2>
  );
  return (
    <section className="panel" aria-labelledby={titleId}>
      {titleRow ? (
        <div className="panel-title-row">
          {heading}
          {aside}
        </div>
      ) : (
        heading
      )}
      {errorBanner && error !== undefined && <ErrorBanner error={error} />}
      {!items ? error === undefined && <Loading label={loadingLabel} lines={loadingLines} /> : count === 0 ? empty : children(items)}
    </section>
  );
}
