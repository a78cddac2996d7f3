import { useState } from 'react';
import { AppError } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { CreateForm } from '../../ui/create-form.js';

/** "New experiment": a button that opens a one-field form; the server's message shows inline (e.g. the name exists). */
export function CreateExperimentForm({ onCreated }: { onCreated: (experimentId: string) => void }) {
  const keel = useKeel();
  const [name, setName] = useState('');

  async function create(): Promise<void> {
    const created = await keel.experiments.create({ name: name.trim() });
    setName('');
    onCreated(created.experimentId);
  }

  return (
    <CreateForm
      openLabel="New experiment"
      openClassName="button button--block"
      formClassName="create-form"
      errorId="new-experiment-error"
      canSubmit={name.trim() !== ''}
      create={create}
      describeError={(err) => (err instanceof AppError ? err.message : String(err))}
    >
      {(invalid) => (
        <>
          <label htmlFor="new-experiment-name" className="visually-hidden">
            Experiment name
          </label>
          <input id="new-experiment-name" className="input" autoFocus placeholder="Experiment name" value={name} onChange={(e) => setName(e.target.value)} {...invalid} />
        </>
      )}
    </CreateForm>
  );
}
