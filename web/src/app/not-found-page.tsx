import { Link } from './link.js';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <article className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Page not found</h1>
        <p className="page-subtitle">
          Nothing lives at <code>{path}</code>.
        </p>
      </header>
      <p>
        <Link to="/">Back to the overview</Link>
      </p>
    </article>
  );
}
