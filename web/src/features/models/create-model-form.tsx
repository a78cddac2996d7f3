import { useState } from 'react';
import { useKeel } from '../../app/keel-client.js';
import { CreateForm } from '../../ui/create-form.js';

/** "New model": a button that opens a name + description form; the server's message shows inline. */
export function CreateModelForm({ onCreated }: { onCreated: (name: string) => void }) {
  const keel = useKeel();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');

  async function create(): Promise<void> {
    const created = await keel.models.create({ name: name.trim(), description: description.trim() });
    onCreated(created.name);
  }

  return (
    <CreateForm openLabel="New model" openClassName="button" formClassName="create-model-form" formLabel="New model" errorId="new-model-error" canSubmit={name.trim() !== ''} create={create}>
      {(invalid) => (
        <>
          <label className="field">
            <span>Name</span>
            <input className="input" autoFocus placeholder="churn-classifier" value={name} onChange={(e) => setName(e.target.value)} {...invalid} />
          </label>
          <label className="field">
            <span>Description</span>
            <input className="input" placeholder="optional" value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
        </>
      )}
    </CreateForm>
  );
}
