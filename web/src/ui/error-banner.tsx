import { describeProblem } from '../app/server-status.js';
import { ProblemBanner } from './problem-banner.js';

/** Any failed request shown in the shell's one problem banner, worded like the status poll's. */
export function ErrorBanner({ error }: { error: unknown }) {
  return <ProblemBanner problem={describeProblem(error)} />;
}
