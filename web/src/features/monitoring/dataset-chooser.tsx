import type { DatasetFormat } from './monitor-draft.js';
import { ChoiceField, FormField } from './form-field.js';

const FORMAT_LABELS: Record<DatasetFormat, string> = { '': 'detect', csv: 'CSV', parquet: 'Parquet', jsonl: 'JSON lines' };
const FORMATS = Object.keys(FORMAT_LABELS) as DatasetFormat[];

interface DatasetChooserProps {
  id: string;
  label: string;
  sha: string;
  format: DatasetFormat;
  file: File | undefined;
  error: string | undefined;
  onSha: (sha: string) => void;
  onFormat: (format: DatasetFormat) => void;
  onFile: (file: File | undefined) => void;
}

/** A stored dataset by sha256, or a file to upload first (CSV, Parquet or JSON lines) whose sha256 then fills the box. */
export function DatasetChooser({ id, label, sha, format, file, error, onSha, onFormat, onFile }: DatasetChooserProps) {
  return (
    <>
      <FormField id={`${id}-sha`} label={label} error={error} help={file ? `${file.name} is uploaded on Create` : 'The sha256 of a stored dataset, or upload a file'}>
        {(p) => <input {...p} className="input mono" required={file === undefined} placeholder="sha256" value={sha} onChange={(e) => onSha(e.target.value)} disabled={file !== undefined} />}
      </FormField>
      <FormField id={`${id}-file`} label="Upload a file">
        {(p) => <input {...p} type="file" className="input input--file" accept=".csv,.parquet,.jsonl,.json" onChange={(e) => onFile(e.target.files?.[0])} />}
      </FormField>
      <ChoiceField id={`${id}-format`} label="Format" value={format} choices={FORMATS} text={(f) => FORMAT_LABELS[f]} onChange={onFormat} />
    </>
  );
}
