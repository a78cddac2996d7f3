import type { ModelVersion } from '../../../../src/sdk/index.js';

type Signature = NonNullable<ModelVersion['signature']>;

/** `[-1, 4]` → `[N, 4]`: -1 is the dynamic (batch) dimension. */
function shapeText(shape: readonly number[]): string {
  return `[${shape.map((d) => (d === -1 ? 'N' : String(d))).join(', ')}]`;
}

function TensorTable({ caption, tensors }: { caption: string; tensors: Signature['inputs'] }) {
  return (
    <div className="table-scroll">
      <table className="table table--compact signature-table" aria-label={caption}>
        <caption className="signature-caption">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Shape</th>
          </tr>
        </thead>
        <tbody>
          {tensors.map((t) => (
            <tr key={t.name}>
              <th scope="row" className="mono">
                {t.name}
              </th>
              <td>
                <span className="type-chip">{t.type}</span>
              </td>
              <td className="mono">{shapeText(t.shape)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Named, typed input and output tensors; N marks the dynamic batch dimension. */
export function SignatureTables({ signature }: { signature: Signature | null }) {
  if (!signature) return <p className="muted">No signature was recorded for this version.</p>;
  return (
    <div className="columns-2 signature">
      <TensorTable caption="Inputs" tensors={signature.inputs} />
      <TensorTable caption="Outputs" tensors={signature.outputs} />
    </div>
  );
}
