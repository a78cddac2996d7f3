import type { MonitorDraft } from './monitor-draft.js';
import type { FormErrors } from './monitor-form-errors.js';

/** What each section of the "New monitor" form is given: the draft, a setter and the server's errors. */
export interface SectionProps {
  draft: MonitorDraft;
  set: <K extends keyof MonitorDraft>(key: K, value: MonitorDraft[K]) => void;
  errors: FormErrors;
}
