import type { Tag } from '../experiments/tracking-types.js';

/** Friendly names for the system tags people look for first; others show their raw key. */
const LABELS: Readonly<Record<string, string>> = {
  'mlflow.source.git.commit': 'Git commit',
  'mlflow.source.git.branch': 'Git branch',
  'mlflow.source.git.repoURL': 'Git remote',
  'mlflow.source.name': 'Source',
  'mlflow.source.type': 'Source type',
  'mlflow.user': 'User',
  'keel.env.git.dirty': 'Uncommitted changes',
  'keel.env.os': 'OS',
  'keel.env.cpu': 'CPU',
  'keel.env.memory': 'Memory',
  'keel.env.gpu': 'GPU',
  'keel.env.node': 'Node.js',
  'keel.env.python': 'Python',
};

/** Shown elsewhere on the run page (header, parent link, description), so not repeated in the tag tables. */
const SHOWN_IN_HEADER = new Set(['mlflow.runName', 'mlflow.parentRunId', 'mlflow.note.content']);

export interface TagRow {
  key: string;
  label: string;
  value: string;
}

export interface TagGroups {
  environment: TagRow[];
  user: TagRow[];
}

export function isSystemTag(key: string): boolean {
  return key.startsWith('mlflow.') || key.startsWith('keel.');
}

/** System tags (`mlflow.*`, `keel.env.*`, other `keel.*`) form "Environment"; the rest are the user's own. */
export function groupTags(tags: readonly Tag[]): TagGroups {
  const environment: TagRow[] = [];
  const user: TagRow[] = [];
  for (const { key, value } of tags) {
    if (SHOWN_IN_HEADER.has(key)) continue;
    if (isSystemTag(key)) environment.push({ key, label: LABELS[key] ?? key, value });
    else user.push({ key, label: key, value });
  }
  // Known tags in the order LABELS lists them (git first), then the rest alphabetically.
  const order = Object.keys(LABELS);
  const rank = (k: string): number => (order.includes(k) ? order.indexOf(k) : order.length);
  environment.sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
  user.sort((a, b) => a.key.localeCompare(b.key));
  return { environment, user };
}

export function tagValue(tags: readonly Tag[], key: string): string | undefined {
  return tags.find((t) => t.key === key)?.value;
}
