/** What a section will offer once its capability lands; shown instead of invented sample data. */
export interface CapabilityPlan {
  section: string;
  capability: string;
  summary: string;
  docsPage: string;
  rest: readonly string[];
  cli: readonly string[];
}

export function CapabilityPlaceholder({ plan }: { plan: CapabilityPlan }) {
  return (
    <article className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{plan.section}</h1>
        <p className="page-subtitle">{plan.summary}</p>
      </header>

      <section className="panel placeholder" aria-labelledby="placeholder-title">
        <span className="badge">Not available yet</span>
        <h2 id="placeholder-title">Arrives with the {plan.capability} capability</h2>
        <p>
          This page stays empty until the server can answer for it. The design is described in{' '}
          <code className="docs-path">{plan.docsPage}</code> in the Keel repository.
        </p>

        <div className="placeholder-grid">
          <div>
            <h3>Planned REST endpoints</h3>
            <ul className="command-list">
              {plan.rest.map((line) => (
                <li key={line}>
                  <code>{line}</code>
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h3>Planned CLI commands</h3>
            <ul className="command-list">
              {plan.cli.map((line) => (
                <li key={line}>
                  <code>{line}</code>
                </li>
              ))}
            </ul>
          </div>
        </div>
        <p className="muted small">Names may still change until the capability ships.</p>
      </section>
    </article>
  );
}
