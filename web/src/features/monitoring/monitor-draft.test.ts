import { describe, expect, it } from 'vitest';
import { AppError, type Deployment } from '../../../../src/sdk/index.js';
import { createInputOf, emptyDraft, withDeployment, withSourceKind } from './monitor-draft.js';
import { fieldOfPath, formErrors } from './monitor-form-errors.js';

const deployment = { name: 'churn', config: { arms: [{ name: 'shadow', model: 'old', version: 1, weight: 0 }, { name: 'primary', model: 'churn', version: 3, weight: 1 }] } } as unknown as Deployment;

describe('new monitor draft', () => {
  it('asks only for a name, a deployment and a window: the served version is the reference and defaults stay unset', () => {
    const d = { ...withDeployment(emptyDraft(Date.UTC(2026, 0, 8)), deployment), name: ' churn-daily ' };
    expect(createInputOf(d)).toEqual({ name: 'churn-daily', source: { deployment: 'churn' }, reference: { registry: { model: 'churn', version: 3 } }, window: { every: 'daily' }, enabled: true });
  });

  it('sends edited settings, and numbers as typed so the server names a bad one', () => {
    const base = withDeployment(emptyDraft(0), deployment);
    const input = createInputOf({ ...base, name: 'm', windowKind: 'seconds', windowValue: '', test: 'psi', thresholds: { ...base.thresholds, psi: '0.3' }, driftShare: '0.25', tolerance: '0.1', columns: 'a, b,', referenceKind: 'window', refFrom: '2026-01-01T00:00', refTo: '2026-01-02T00:00' });
    expect(input.window).toEqual({ seconds: Number.NaN });
    expect(input).toMatchObject({ test: 'psi', options: { thresholds: { psi: 0.3 }, driftShare: 0.25 }, performance: { tolerance: 0.1 }, columns: ['a', 'b'] });
    expect(input.reference).toEqual({ window: { from: new Date('2026-01-01T00:00').getTime(), to: new Date('2026-01-02T00:00').getTime() } });
  });

  it('watching a dataset drops what needs a deployment: log-span references and count windows', () => {
    const d = withSourceKind({ ...emptyDraft(0), referenceKind: 'window', windowKind: 'predictions' }, 'dataset');
    expect(d).toMatchObject({ referenceKind: 'dataset', windowKind: 'daily' });
    expect(withSourceKind(emptyDraft(0), 'dataset').referenceKind).toBe('dataset');
    expect(withSourceKind(withDeployment(emptyDraft(0), deployment), 'dataset').referenceKind).toBe('registry');
    expect(createInputOf({ ...d, name: 'n', sourceSha: 'ab', sourceFormat: 'csv', refSha: 'cd' })).toMatchObject({ source: { dataset: { sha256: 'ab', format: 'csv' } }, reference: { dataset: { sha256: 'cd' } } });
  });
});

describe('new monitor errors', () => {
  it('maps server field paths to the form fields', () => {
    expect(fieldOfPath('body.window.seconds')).toBe('window');
    expect(fieldOfPath('body.reference.registry.version')).toBe('refVersion');
    expect(fieldOfPath('body.options.thresholds.ks')).toBe('threshold:ks');
    expect(fieldOfPath('body.reference')).toBe('reference');
    expect(fieldOfPath('body.unknown')).toBeUndefined();
  });

  it('puts each violation by its field, a missing resource by the field naming it, the rest under the form', () => {
    const bad = new AppError('INVALID_ARGUMENT', 'body.name: x', { details: { fields: [{ path: 'body.name', message: 'x' }, { path: 'body.other', message: 'y' }] } });
    expect(formErrors(bad)).toEqual({ name: 'x', form: 'body.other: y' });
    expect(formErrors(new AppError('NOT_FOUND', "deployment 'x' not found", { details: { resource: 'deployment', id: 'x' } }))).toEqual({ source: "deployment 'x' not found" });
    expect(formErrors(new AppError('ALREADY_EXISTS', "monitor 'm' already exists", { details: { resource: 'monitor', id: 'm' } }))).toEqual({ name: "monitor 'm' already exists" });
    expect(formErrors(new AppError('NOT_FOUND', 'gone', { details: { resource: 'dataset', id: 'aa' } }), 'aa')).toEqual({ source: 'gone' });
    expect(formErrors(new AppError('NOT_FOUND', 'gone', { details: { resource: 'dataset', id: 'bb' } }), 'aa')).toEqual({ refDataset: 'gone' });
    expect(formErrors(new Error('offline'))).toEqual({ form: 'offline' });
  });
});
