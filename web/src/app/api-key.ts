import { useCallback, useState } from 'react';

const STORAGE_KEY = 'keel.apiKey';

function readStoredKey(): string {
  try {
    return window.localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    // Storage can be disabled (private mode, policies): the key then lives for this tab only.
    return '';
  }
}

/** The API key the UI sends, kept in localStorage so a reload does not ask again. */
export function useStoredApiKey(): [string, (next: string) => void] {
  const [apiKey, setApiKey] = useState(readStoredKey);
  const update = useCallback((next: string) => {
    const trimmed = next.trim();
    try {
      if (trimmed) window.localStorage.setItem(STORAGE_KEY, trimmed);
      else window.localStorage.removeItem(STORAGE_KEY);
    } catch {
      // see readStoredKey
    }
    setApiKey(trimmed);
  }, []);
  return [apiKey, update];
}
