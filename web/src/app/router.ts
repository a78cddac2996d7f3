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
  if (to === window.location.pathname) return;
  window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}
