import type { ComponentType } from 'react';
import { DataPage } from '../features/data/data-page.js';
import { DeploymentsPage } from '../features/deployments/deployments-page.js';
import { ExperimentsPage } from '../features/experiments/experiments-page.js';
import { FeaturesPage } from '../features/features/features-page.js';
import { GatewayPage } from '../features/gateway/gateway-page.js';
import { ModelsPage } from '../features/models/models-page.js';
import { MonitoringPage } from '../features/monitoring/monitoring-page.js';
import { AlertsPage } from '../features/alerts/alerts-page.js';
import { OverviewPage } from '../features/overview/overview-page.js';
import { PromptsPage } from '../features/prompts/prompts-page.js';
import { TracesPage } from '../features/traces/traces-page.js';
import { TrainingPage } from '../features/training/training-page.js';
import { TuningPage } from '../features/tuning/tuning-page.js';

export interface Section {
  id: string;
  path: string;
  label: string;
  group: 'Platform' | 'Machine learning' | 'LLM';
  Page: ComponentType;
}

/** The one list of pages: the sidebar, the router and the page title all read it. */
export const SECTIONS: readonly Section[] = [
  { id: 'overview', path: '/', label: 'Overview', group: 'Platform', Page: OverviewPage },
  { id: 'experiments', path: '/experiments', label: 'Experiments', group: 'Machine learning', Page: ExperimentsPage },
  { id: 'training', path: '/training', label: 'Training', group: 'Machine learning', Page: TrainingPage },
  { id: 'tuning', path: '/tuning', label: 'Tuning', group: 'Machine learning', Page: TuningPage },
  { id: 'models', path: '/models', label: 'Models', group: 'Machine learning', Page: ModelsPage },
  { id: 'deployments', path: '/deployments', label: 'Deployments', group: 'Machine learning', Page: DeploymentsPage },
  { id: 'monitoring', path: '/monitoring', label: 'Monitoring', group: 'Machine learning', Page: MonitoringPage },
  { id: 'alerts', path: '/alerts', label: 'Alerts', group: 'Machine learning', Page: AlertsPage },
  { id: 'data', path: '/data', label: 'Data', group: 'Machine learning', Page: DataPage },
  { id: 'features', path: '/features', label: 'Features', group: 'Machine learning', Page: FeaturesPage },
  { id: 'gateway', path: '/gateway', label: 'Gateway', group: 'LLM', Page: GatewayPage },
  { id: 'prompts', path: '/prompts', label: 'Prompts', group: 'LLM', Page: PromptsPage },
  { id: 'traces', path: '/traces', label: 'Traces', group: 'LLM', Page: TracesPage },
];

/** Exact match, or a sub-path (`/experiments/42`) of a section, so detail pages keep their nav entry active. */
export function findSection(path: string): Section | undefined {
  return SECTIONS.find((s) => s.path === path) ?? SECTIONS.find((s) => s.path !== '/' && path.startsWith(`${s.path}/`));
}
