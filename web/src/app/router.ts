import { useSyncExternalStore } from 'react';

// pushState fires no event of its own, so navigate() announces changes with this one
// and every useRoute() subscriber re-reads location the same way as on back/forward.
const NAVIGATE_EVENT = 'keel:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

function currentPath(): string {
  return normalizePath(window.location.pathname);
}

/** `/experiments/` and `/experiments` are the same page. */
export function normalizePath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
}

/** The current pathname; re-renders on navigate() and back/forward. */
export function useRoute(): string {
  return useSyncExternalStore(subscribe, currentPath, () => '/');
}

export function navigate(to: string): void {
  if (to === window.location.pathname + window.location.search) return;
  window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

function currentSearch(): string {
  return window.location.search;
}

/** The query string (`?a=1`), re-read on navigate(), setQuery() and back/forward; parse it with URLSearchParams. */
export function useSearch(): string {
  return useSyncExternalStore(subscribe, currentSearch, () => '');
}

/**
 * Merges `changes` into the query string without adding a history entry (view state such as
 * filters and columns, where Back should leave the page rather than undo a keystroke).
 * An empty or undefined value removes the key.
 */
export function setQuery(changes: Record<string, string | undefined>): void {
  const params = new URLSearchParams(window.location.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value) params.set(key, value);
    else params.delete(key);
  }
  const search = params.toString();
  const next = `${window.location.pathname}${search ? `?${search}` : ''}`;
  if (next === window.location.pathname + window.location.search) return;
  window.history.replaceState(null, '', next);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}
