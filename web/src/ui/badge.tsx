/** The tone classes of .status-badge, named for what they mean. */
export type BadgeTone = 'ok' | 'running' | 'down' | 'warn' | 'neutral';

/** A word in a tinted pill; the colour only repeats what the text says. */
export function Badge({ tone, children, title }: { tone: BadgeTone; children: string; title?: string }) {
  return (
    <span className={`status-badge${tone === 'neutral' ? '' : ` status-badge--${tone}`}`} title={title}>
      {children}
    </span>
  );
}
