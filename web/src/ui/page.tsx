import type { ReactNode } from 'react';

/** A top-level page: the `h1` that labels it, a subtitle, then its panels. */
export function Page({ title, subtitle, children }: { title: string; subtitle: ReactNode; children: ReactNode }) {
  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{title}</h1>
        <p className="page-subtitle">{subtitle}</p>
      </header>
      {children}
    </article>
  );
}
