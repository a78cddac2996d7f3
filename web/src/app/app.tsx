import { useEffect } from 'react';
import { AppHeader } from './app-header.js';
import { useStoredApiKey } from './api-key.js';
import { KeelProvider } from './keel-client.js';
import { NotFoundPage } from './not-found-page.js';
import { useRoute } from './router.js';
import { findSection } from './sections.js';
import { ServerStatusProvider } from './server-status.js';
import { Sidebar } from './sidebar.js';

export function App() {
  const [apiKey, setApiKey] = useStoredApiKey();
  const path = useRoute();
  const section = findSection(path);

  useEffect(() => {
    document.title = section && section.path !== '/' ? `${section.label} · Keel` : 'Keel';
  }, [section]);

  return (
    <KeelProvider apiKey={apiKey}>
      <ServerStatusProvider>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <div className="shell">
          <AppHeader apiKey={apiKey} onApiKeyChange={setApiKey} />
          <Sidebar activeId={section?.id} />
          <main id="main" className="main" tabIndex={-1}>
            {section ? <section.Page /> : <NotFoundPage path={path} />}
          </main>
        </div>
      </ServerStatusProvider>
    </KeelProvider>
  );
}
