import { useEffect, useState } from 'react';
import type { GatePolicyRecord } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { formatShortTime } from '../../ui/format.js';
import { Loading } from '../../ui/skeleton.js';
import { jsonProblem, POLICY_TEMPLATE } from './gate-policy-template.js';
import { PolicyHistory } from './policy-history.js';
import { fieldProblems, type FieldProblem } from './registry-errors.js';

interface GatePolicyEditorProps {
  name: string;
  /** null: the model has no policy yet; undefined: still loading. */
  current: GatePolicyRecord | null | undefined;
  loading: boolean;
  generation: number;
  onSaved: (message: string) => void;
}

const pretty = (policy: unknown): string => JSON.stringify(policy, null, 2);

/**
 * The validation-gate policy as JSON. The server validates it (strictly: a typo is an error,
 * not a check that silently never runs) and its field errors show inline, path first.
 */
export function GatePolicyEditor({ name, current, loading, generation, onSaved }: GatePolicyEditorProps) {
  const keel = useKeel();
  const [text, setText] = useState('');
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<FieldProblem[]>([]);

  // The stored policy fills the editor until the user types; a save or another change reloads it.
  useEffect(() => {
    if (current === undefined || dirty) return;
    setText(pretty(current ? current.policy : POLICY_TEMPLATE));
  }, [current, dirty]);

  const syntax = text ? jsonProblem(text) : 'the policy is empty';

  async function save(): Promise<void> {
    if (syntax) return;
    setBusy(true);
    setProblems([]);
    try {
      const stored = await keel.models.setGatePolicy(name, JSON.parse(text) as Record<string, unknown>);
      setDirty(false);
      onSaved(`Stored gate policy version ${stored.policyVersion}.`);
    } catch (err) {
      setProblems(fieldProblems(err));
    } finally {
      setBusy(false);
    }
  }

  const errorId = 'policy-errors';
  const shown: FieldProblem[] = syntax && dirty ? [{ path: 'JSON', message: syntax }] : problems;
  return (
    <section className="panel policy-panel" aria-labelledby="policy-title">
      <div className="panel-title-row">
        <h2 id="policy-title">Validation gate policy</h2>
        <span className="muted small">
          {current ? `version ${current.policyVersion} · ${current.createdBy} · ${formatShortTime(current.createdAt)}` : current === null ? 'none: promotions pass unchecked (and say so)' : ''}
        </span>
      </div>
      {loading ? (
        <Loading label="Loading gate policy" lines={6} />
      ) : (
        <>
          <label htmlFor="policy-json" className="visually-hidden">
            Gate policy JSON
          </label>
          <textarea
            id="policy-json"
            className="input textarea code-editor"
            spellCheck={false}
            value={text}
            rows={16}
            onChange={(e) => {
              setText(e.target.value);
              setDirty(true);
              setProblems([]);
            }}
            aria-invalid={shown.length > 0 ? true : undefined}
            aria-describedby={shown.length > 0 ? errorId : undefined}
          />
          {shown.length > 0 && (
            <ul id={errorId} className="field-errors" role="alert">
              {shown.map((p, i) => (
                <li key={i}>
                  {p.path && <code className="field-path">{p.path}</code>} {p.message}
                </li>
              ))}
            </ul>
          )}
          <div className="form-actions policy-actions">
            <button type="button" className="button" disabled={busy || !dirty || syntax !== null} onClick={() => void save()}>
              {busy ? 'Validating…' : 'Save as new version'}
            </button>
            <button
              type="button"
              className="button button--ghost"
              disabled={busy || !dirty}
              onClick={() => {
                setDirty(false);
                setProblems([]);
                setText(pretty(current ? current.policy : POLICY_TEMPLATE));
              }}
            >
              Discard changes
            </button>
          </div>
        </>
      )}
      <PolicyHistory
        name={name}
        generation={generation}
        currentVersion={current?.policyVersion}
        onLoad={(policy) => {
          setText(pretty(policy));
          setDirty(true);
          setProblems([]);
        }}
      />
    </section>
  );
}
