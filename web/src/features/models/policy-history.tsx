import { useKeel } from '../../app/keel-client.js';
import { formatShortTime, formatTime } from '../../ui/format.js';
import { useLoad } from '../../ui/use-load.js';

interface PolicyHistoryProps {
  name: string;
  generation: number;
  currentVersion: number | undefined;
  /** Puts an older version into the editor, to restore it by saving it again. */
  onLoad: (policy: unknown) => void;
}

/** Every stored version of the gate policy; reports name the version they were computed against. */
export function PolicyHistory({ name, generation, currentVersion, onLoad }: PolicyHistoryProps) {
  const keel = useKeel();
  const history = useLoad(() => keel.models.gatePolicyHistory(name), `${name}:${generation}`);
  const policies = [...(history.data?.policies ?? [])].sort((a, b) => b.policyVersion - a.policyVersion);
  if (policies.length === 0) return null;
  return (
    <details className="policy-history">
      <summary>
        Policy history <span className="count">{policies.length}</span>
      </summary>
      <ol className="history-list">
        {policies.map((p) => (
          <li key={p.policyVersion}>
            <strong>v{p.policyVersion}</strong>
            {p.policyVersion === currentVersion && <span className="chip">current</span>}
            <span className="muted" title={formatTime(p.createdAt)}>
              {p.createdBy} · {formatShortTime(p.createdAt)}
            </span>
            {p.policyVersion !== currentVersion && (
              <button type="button" className="button button--ghost button--small" onClick={() => onLoad(p.policy)}>
                Load into editor
              </button>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}
