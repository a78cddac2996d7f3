// Hand-drawn 24×24 stroke icons: an icon package would be the UI's largest dependency for ten glyphs.
const PATHS: Readonly<Record<string, string>> = {
  overview: 'M4 13h6V4H4zM14 20h6v-9h-6zM14 4h6v3h-6zM4 20h6v-3H4z',
  experiments: 'M9 3h6M10 3v6l-5 9a2 2 0 0 0 1.7 3h10.6a2 2 0 0 0 1.7-3l-5-9V3M7.5 15h9',
  models: 'M12 3l8 4.5v9L12 21l-8-4.5v-9zM12 12l8-4.5M12 12v9M12 12L4 7.5',
  deployments: 'M5 15c-1 2-1 4-1 5 1 0 3 0 5-1M9 15l-3-3c2-5 6-8 12-8 0 6-3 10-8 12zM14.5 9.5h.01',
  monitoring: 'M3 12h4l3-8 4 16 3-8h4',
  alerts: 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 21h4',
  data: 'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zM4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3',
  features: 'M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 16.5h7M16.5 13v7',
  tuning: 'M4 6h16M4 12h16M4 18h16M9 4v4M15 10v4M7 16v4',
  gateway: 'M4 12h5M15 12h5M9 7v10M15 7v10M9 7l6 5-6 5',
  prompts: 'M4 5h16v11H9l-5 4zM8 9h8M8 12h5',
  traces: 'M4 6h9M7 12h10M10 18h10M4 6v0M4 4v4M7 10v4M10 16v4',
  training: 'M6 8v8M18 8v8M3 10v4M21 10v4M6 12h12',
};

export function NavIcon({ name }: { name: string }) {
  const d = PATHS[name];
  if (!d) return null;
  return (
    <svg className="nav-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path d={d} fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
