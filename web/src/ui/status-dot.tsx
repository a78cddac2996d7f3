export type Tone = 'ok' | 'warn' | 'down' | 'pending';

/** Colour is never the only signal: the dot always sits beside a text label. */
export function StatusDot({ tone }: { tone: Tone }) {
  return <span className={`status-dot status-dot--${tone}`} aria-hidden="true" />;
}
