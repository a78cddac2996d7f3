import type { KeyBudget } from '../../../../src/sdk/index.js';
import { Badge } from '../../ui/badge.js';
import { formatTime } from '../../ui/format.js';

function usd(v: number): string {
  return `$${v.toFixed(v < 10 ? 4 : 2)}`;
}

/** Spend against the period's budget as a bar; past 80% it turns amber, at 100% red, and the text says so too. */
function BudgetBar({ budget }: { budget: NonNullable<KeyBudget['budget']> }) {
  const share = budget.limitUsd > 0 ? budget.spentUsd / budget.limitUsd : 1;
  const tone = share >= 1 ? 'down' : share >= 0.8 ? 'warn' : 'ok';
  return (
    <div className="budget">
      <div className="budget-bar" role="meter" aria-valuemin={0} aria-valuemax={budget.limitUsd} aria-valuenow={budget.spentUsd} aria-label={`Spent ${usd(budget.spentUsd)} of ${usd(budget.limitUsd)} this ${budget.period}`}>
        <span className={`budget-fill budget-fill--${tone}`} style={{ width: `${Math.min(100, share * 100)}%` }} />
      </div>
      <span className="small nowrap">
        {usd(budget.spentUsd)} of {usd(budget.limitUsd)} / {budget.period}
        {share >= 1 && ' — exhausted'}
      </span>
      {budget.resetsAt !== null && <span className="muted small nowrap">resets {formatTime(budget.resetsAt)}</span>}
    </div>
  );
}

function limitsText(k: KeyBudget): string {
  const l = k.limits;
  const parts: string[] = [];
  if (l.models && l.models.length > 0) parts.push(`models ${l.models.join(', ')}`);
  if (l.rpm !== undefined) parts.push(`${l.rpm} rpm`);
  if (l.tpm !== undefined) parts.push(`${l.tpm.toLocaleString()} tpm`);
  if (l.maxParallel !== undefined) parts.push(`${l.maxParallel} parallel`);
  return parts.join(' · ') || 'no limits';
}

export function KeyBudgets({ keys }: { keys: readonly KeyBudget[] }) {
  if (keys.length === 0) return <p className="muted">No key has gateway limits. Create one with <code>keel keys create --budget 10usd/month --rpm 600</code>.</p>;
  return (
    <div className="table-scroll">
      <table className="table table--compact gateway-keys">
        <caption className="visually-hidden">Keys and their budgets</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Limits</th>
            <th scope="col">Budget this period</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.keyId}>
              <th scope="row">
                {k.name} {k.revoked && <Badge tone="down">revoked</Badge>}
                <div className="muted small mono">{k.keyId}</div>
              </th>
              <td className="small">{limitsText(k)}</td>
              <td>{k.budget ? <BudgetBar budget={k.budget} /> : <span className="muted">no budget</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
