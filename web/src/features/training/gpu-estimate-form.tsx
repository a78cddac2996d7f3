import { useState, type FormEvent } from 'react';
import { AppError, type GpuEstimate, type GpuEstimateRequest } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';

const GIB = 1024 ** 3;
const gib = (b: number | null): string => (b === null ? '—' : (b / GIB).toFixed(2));
const PARTS = ['weights', 'kvCache', 'activations', 'gradients', 'optimizer', 'overhead'] as const;
const LABELS: Record<(typeof PARTS)[number], string> = { weights: 'Weights', kvCache: 'KV cache', activations: 'Activations', gradients: 'Gradients', optimizer: 'Optimizer states', overhead: 'Overhead' };

interface FormState {
  params: string;
  precision: string;
  mode: string;
  batch: string;
  seq: string;
  layers: string;
  kvHeads: string;
  headDim: string;
  hidden: string;
  zero: string;
  gpus: string;
}

const INITIAL: FormState = { params: '7e9', precision: 'fp16', mode: 'inference', batch: '32', seq: '4096', layers: '32', kvHeads: '8', headDim: '128', hidden: '4096', zero: '0', gpus: '1' };

/** GPU sizing: the form posts to /api/v1/gpu/estimate and shows the breakdown and which GPUs fit. */
export function GpuEstimateForm() {
  const keel = useKeel();
  const [form, setForm] = useState<FormState>(INITIAL);
  const [result, setResult] = useState<GpuEstimate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof FormState) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const num = (v: string): number | undefined => (v.trim() === '' ? undefined : Number(v));
    const request = {
      params: num(form.params),
      precision: form.precision,
      mode: form.mode,
      batch: num(form.batch),
      seq: num(form.seq),
      layers: num(form.layers),
      kvHeads: num(form.kvHeads),
      headDim: num(form.headDim),
      hidden: num(form.hidden),
      zero: form.mode === 'training' ? Number(form.zero) : 0,
      gpus: num(form.gpus),
    };
    try {
      setResult(await keel.training.estimateGpu(Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined)) as GpuEstimateRequest));
    } catch (err) {
      setResult(null);
      setError(err instanceof AppError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const field = (key: keyof FormState, label: string, help?: string) => (
    <label className="field" key={key}>
      <span>{label}</span>
      <input className="input" name={key} value={form[key]} onChange={set(key)} inputMode="decimal" title={help} />
    </label>
  );

  return (
    <section className="panel" aria-labelledby="gpu-title">
      <h2 id="gpu-title">GPU sizing</h2>
      <form className="gpu-form" onSubmit={(e) => void submit(e)} aria-label="GPU estimate">
        {field('params', 'Parameters', 'e.g. 7e9')}
        <label className="field">
          <span>Precision</span>
          <select className="select" name="precision" value={form.precision} onChange={set('precision')}>
            {['fp32', 'bf16', 'fp16', 'fp8', 'int8', 'int4'].map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Mode</span>
          <select className="select" name="mode" value={form.mode} onChange={set('mode')}>
            <option value="inference">inference</option>
            <option value="training">training</option>
          </select>
        </label>
        {field('batch', 'Batch')}
        {field('seq', 'Tokens per sequence')}
        {field('layers', 'Layers')}
        {field('kvHeads', 'KV heads')}
        {field('headDim', 'Head dim')}
        {field('hidden', 'Hidden size')}
        {form.mode === 'training' && (
          <label className="field">
            <span>ZeRO stage</span>
            <select className="select" name="zero" value={form.zero} onChange={set('zero')}>
              {['0', '1', '2', '3'].map((z) => (
                <option key={z}>{z}</option>
              ))}
            </select>
          </label>
        )}
        {field('gpus', 'GPUs')}
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            Estimate
          </button>
        </div>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div className="gpu-result">
          <table className="table" aria-label="Memory breakdown">
            <thead>
              <tr>
                <th scope="col">Part</th>
                <th scope="col" className="num">
                  Total GiB
                </th>
                <th scope="col" className="num">
                  Per GPU GiB
                </th>
                <th scope="col">Formula</th>
              </tr>
            </thead>
            <tbody>
              {PARTS.filter((p) => result.breakdown[p] > 0).map((p) => (
                <tr key={p}>
                  <th scope="row">{LABELS[p]}</th>
                  <td className="num">{gib(result.breakdown[p])}</td>
                  <td className="num">{gib(result.perGpu[p])}</td>
                  <td className="small muted">{result.formulas[p] ?? ''}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">Total</th>
                <td className="num" data-testid="gpu-total">
                  {gib(result.breakdown.total)}
                </td>
                <td className="num">{gib(result.perGpu.total)}</td>
                <td />
              </tr>
            </tbody>
          </table>
          <table className="table" aria-label="GPUs that fit">
            <thead>
              <tr>
                <th scope="col">GPU</th>
                <th scope="col" className="num">
                  Memory
                </th>
                <th scope="col">Fits {result.gpus}</th>
                <th scope="col" className="num">
                  GPUs needed
                </th>
                <th scope="col" className="num">
                  $/hour
                </th>
              </tr>
            </thead>
            <tbody>
              {result.fits.map((f) => (
                <tr key={f.name}>
                  <th scope="row">{f.name}</th>
                  <td className="num">{f.memoryGiB} GiB</td>
                  <td>{f.fits ? 'yes' : 'no'}</td>
                  <td className="num">{f.minGpus ?? 'never'}</td>
                  <td className="num">{f.costPerHour === null ? '—' : f.costPerHour.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
