/** Grey placeholder blocks shown while data loads, sized like what will replace them. */
export function Skeleton({ lines = 3, height = 14 }: { lines?: number; height?: number }) {
  return (
    <div className="skeleton" aria-hidden="true">
      {Array.from({ length: lines }, (_, i) => (
        <span key={i} className="skeleton-line" style={{ height, width: `${92 - ((i * 17) % 40)}%` }} />
      ))}
    </div>
  );
}

/** A loading state that screen readers announce once, with the skeleton beside it. */
export function Loading({ label, lines }: { label: string; lines?: number }) {
  return (
    <div role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      <Skeleton lines={lines} />
    </div>
  );
}
