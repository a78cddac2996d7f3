import type { Stage } from '../../../../src/sdk/index.js';
import { Badge, type BadgeTone } from '../../ui/badge.js';

const STAGE_TONES: Record<Stage, BadgeTone> = { Production: 'ok', Staging: 'running', Archived: 'neutral', None: 'neutral' };

export function StageBadge({ stage }: { stage: Stage }) {
  return (
    <span className="stage-badge" data-stage={stage}>
      <Badge tone={STAGE_TONES[stage]}>{stage === 'None' ? 'no stage' : stage}</Badge>
    </span>
  );
}

/** Aliases as `@champion` pills: the `@` is how MLflow URIs (`models:/name@alias`) spell them. */
export function AliasBadges({ aliases }: { aliases: readonly string[] }) {
  if (aliases.length === 0) return <span className="muted">—</span>;
  return (
    <span className="chips">
      {aliases.map((a) => (
        <span key={a} className="alias-badge">
          @{a}
        </span>
      ))}
    </span>
  );
}

export function VerdictBadge({ verdict }: { verdict: 'pass' | 'fail' | 'skipped' }) {
  const tone: BadgeTone = verdict === 'pass' ? 'ok' : verdict === 'fail' ? 'down' : 'neutral';
  return <Badge tone={tone}>{verdict === 'pass' ? 'passed' : verdict === 'fail' ? 'failed' : 'skipped'}</Badge>;
}
