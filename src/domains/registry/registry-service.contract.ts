/**
 * The registry scenario every SQL engine runs (SQLite beside the code, PostgreSQL in
 * test/integration): the service on a real store, real tracking and a real blob store.
 * The model runtime and the gate are small in-test implementations: the real ones need
 * ONNX models and evaluation data, which the gate's own tests and the HTTP tests cover.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixedClock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { BlobStore } from '../../core/ports/blob-store.js';
import type { ModelRuntime, ModelSignature } from '../../core/ports/model-runtime.js';
import { parseInput } from '../../core/validation.js';
import type { TrackingApi } from '../tracking/index.js';
import type { GateReport, GateRunner, GateSubject } from './gate/gate.api.js';
import type { Actor, ModelVersion } from './registry.schema.js';
import { RegistryService } from './registry.service.js';
import type { RegistryStore } from './registry.store.js';

export interface RegistryHarness {
  store: RegistryStore;
  tracking: TrackingApi;
  blobs: BlobStore;
  cleanup(): Promise<void>;
}

const SIGNATURE: ModelSignature = { inputs: [{ name: 'features', type: 'float32', shape: [-1, 4] }], outputs: [{ name: 'probability', type: 'float32', shape: [-1, 1] }] };

/** "Model" files of this scenario: a marker, the score the gate will read, and padding that makes each file unique. */
const modelBytes = (accuracy: number, salt = Math.random()): Uint8Array => Buffer.from(`FAKEONNX ${accuracy} ${salt}`);

/** Reads the marker back; anything else is "not an ONNX model", as the real runtime would say. */
const runtime: ModelRuntime = {
  flavor: 'onnx',
  inspect(model) {
    if (!Buffer.from(model).toString('utf8').startsWith('FAKEONNX ')) return Promise.reject(AppError.invalid('protobuf parsing failed'));
    return Promise.resolve(SIGNATURE);
  },
  load(model) {
    return this.inspect(model).then((signature) => ({ signature, run: () => Promise.resolve({}), release: () => Promise.resolve() }));
  },
};

const policySchema = z.strictObject({ applyTo: z.array(z.enum(['Staging', 'Production'])).default(['Production']), minAccuracy: z.number().min(0).max(1), delayMs: z.number().int().min(0).default(0) });

/** Passes when the candidate's accuracy (read from its bytes) reaches the policy's minimum and beats Production's. */
class ScoreGate implements GateRunner {
  runs = 0;
  constructor(private readonly blobs: BlobStore) {}

  validatePolicy(policy: unknown): unknown {
    return parseInput(policySchema, policy, 'policy');
  }

  private async accuracy(s: GateSubject): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const c of await this.blobs.get(s.sha256)) chunks.push(c as Buffer);
    return Number(Buffer.concat(chunks).toString('utf8').split(' ')[1]);
  }

  async run(input: { candidate: GateSubject; production: GateSubject | null; policy: unknown; policyVersion: number }): Promise<GateReport> {
    this.runs++;
    const policy = policySchema.parse(input.policy);
    if (policy.delayMs > 0) await new Promise((r) => setTimeout(r, policy.delayMs));
    const acc = await this.accuracy(input.candidate);
    const prod = input.production ? await this.accuracy(input.production) : null;
    const pass = acc >= policy.minAccuracy && (prod === null || acc > prod);
    return {
      modelName: input.candidate.modelName,
      version: input.candidate.version,
      policyVersion: input.policyVersion,
      passed: pass,
      checks: [{ name: 'performance', verdict: pass ? 'pass' : 'fail', measured: { accuracy: acc, productionAccuracy: prod }, threshold: { minAccuracy: policy.minAccuracy }, evidence: { rows: 10 }, message: `accuracy ${acc}` }],
      startedAt: 1,
      finishedAt: 2,
    };
  }
}

const ADMIN: Actor = { id: 'key-admin', scope: 'admin' };
const WRITER: Actor = { id: 'key-writer', scope: 'write' };

export function runRegistryServiceContract(engine: string, factory: () => Promise<RegistryHarness>): void {
  describe(`registry service on ${engine}`, () => {
    let h: RegistryHarness;
    let registry: RegistryService;
    let gate: ScoreGate;
    const clock = fixedClock(1_750_000_000_000);

    beforeEach(async () => {
      h = await factory();
      gate = new ScoreGate(h.blobs);
      registry = new RegistryService({ store: h.store, tracking: h.tracking, blobs: h.blobs, runtime, gate, clock });
    });
    afterEach(async () => {
      await h.cleanup();
    });

    async function upload(name: string, accuracy: number): Promise<ModelVersion> {
      return registry.uploadVersion(name, { data: modelBytes(accuracy), fileName: 'model.onnx' }, WRITER);
    }
    const stages = async (name: string) => Object.fromEntries((await registry.listVersions(name)).items.map((v) => [v.version, v.stage]));
    const productions = async (name: string) => (await registry.listVersions(name)).items.filter((v) => v.stage === 'Production').map((v) => v.version);

    it('creates models (names unique) and registers a run artifact folder, copying the run', async () => {
      await registry.createModel({ name: 'churn', description: 'who leaves', tags: [{ key: 'team', value: 'growth' }] }, WRITER);
      await expect(registry.createModel({ name: 'churn' }, WRITER)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
      await expect(registry.getModel('nope')).rejects.toMatchObject({ code: 'NOT_FOUND', message: "registered model 'nope' not found" });

      const run = await h.tracking.createRun({ experimentName: 'churn-exp', params: [{ key: 'lr', value: '0.1' }] });
      const runId = run.info.runId;
      await h.tracking.logBatch(runId, { metrics: [{ key: 'accuracy', value: 0.91, timestamp: 5, step: 3 }] });
      await h.tracking.logInputs(runId, [{ dataset: { name: 'penguins', digest: 'abc', sourceType: 'local', source: 'penguins.json' }, tags: [{ key: 'mlflow.data.context', value: 'train' }] }]);
      await h.tracking.putArtifact(runId, 'model/model.onnx', modelBytes(0.91));
      await h.tracking.putArtifact(runId, 'model/MLmodel', 'flavors: {}');

      const v1 = await registry.registerVersion('churn', { source: { runId, path: 'model' }, tags: [{ key: 'k', value: 'v' }] }, WRITER);
      expect(v1).toMatchObject({ name: 'churn', version: 1, stage: 'None', runId, source: `runs:/${runId}/model`, fileName: 'model.onnx', flavor: 'onnx', signature: SIGNATURE, createdBy: 'key-writer' });
      expect(v1.artifactPath).toBe(`${run.info.experimentId}/${runId}/artifacts/model/model.onnx`);
      expect(v1.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(v1.metrics).toEqual([{ key: 'accuracy', value: 0.91, step: 3, timestamp: 5 }]);
      expect(v1.params).toEqual([{ key: 'lr', value: '0.1' }]);
      expect(v1.datasets).toEqual([{ name: 'penguins', digest: 'abc', sourceType: 'local', source: 'penguins.json', context: 'train' }]);
      // Editing the run afterwards does not change what was registered.
      await h.tracking.logBatch(runId, { metrics: [{ key: 'accuracy', value: 0.2, timestamp: 6, step: 4 }] });
      expect((await registry.getVersion('churn', 1)).metrics[0]?.value).toBe(0.91);

      const lineage = await registry.lineage('churn', 1);
      expect(lineage).toMatchObject({ run: { runId, info: { runId, experimentId: run.info.experimentId }, params: [{ key: 'lr', value: '0.1' }] }, datasets: [{ name: 'penguins' }], deployments: [] });
      expect((await registry.getModel('churn')).latestVersion).toBe(1);
    });

    it('refuses bad registrations with a 4xx naming the problem', async () => {
      await registry.createModel({ name: 'm' }, WRITER);
      await expect(registry.uploadVersion('unknown', { data: modelBytes(1), fileName: 'model.onnx' }, WRITER)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(registry.uploadVersion('m', { data: Buffer.from('not a model'), fileName: 'model.onnx' }, WRITER)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^source: 'model.onnx' is not an ONNX model/) });
      const badType = { inputs: [{ name: 'features', type: 'float128', shape: [-1, 4] }], outputs: SIGNATURE.outputs };
      await expect(registry.uploadVersion('m', { data: modelBytes(1), fileName: 'model.onnx', signature: badType }, WRITER)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^signature\.inputs\.0\.type: /) });
      const badName = { inputs: [{ name: 'pixels', type: 'float32', shape: [-1, 4] }], outputs: SIGNATURE.outputs };
      await expect(registry.uploadVersion('m', { data: modelBytes(1), fileName: 'model.onnx', signature: badName }, WRITER)).rejects.toThrow(/signature\.inputs\.0\.name: 'pixels' is not an input of the model/);
      await expect(registry.registerVersion('m', { source: { sha256: 'f'.repeat(64) } }, WRITER)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(registry.registerVersion('m', { source: { runId: 'a'.repeat(32), path: 'model' } }, WRITER)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await registry.listVersions('m')).items).toEqual([]);
    });

    it('gives concurrent registrations distinct version numbers', async () => {
      await registry.createModel({ name: 'busy' }, WRITER);
      const versions = await Promise.all(Array.from({ length: 8 }, (_, i) => upload('busy', i / 10)));
      expect(versions.map((v) => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it('promotes without a policy (recorded), archiving the old Production in the same transaction', async () => {
      await registry.createModel({ name: 'p' }, WRITER);
      await upload('p', 0.8);
      await upload('p', 0.9);
      const first = await registry.promote('p', 1, { stage: 'Production' }, WRITER);
      expect(first).toMatchObject({ gate: 'no-policy', archived: [], report: { passed: true, policyVersion: null, checks: [] } });
      expect(first.message).toMatch(/no gate policy/);
      const second = await registry.promote('p', 2, { stage: 'Production', reason: 'better' }, WRITER);
      expect(second.archived).toEqual([1]);
      expect(await stages('p')).toEqual({ 1: 'Archived', 2: 'Production' });
      expect((await registry.getModel('p')).productionVersion).toBe(2);
      const audit = (await registry.audit('p')).items;
      expect(audit.slice(0, 3).map((e) => [e.action, e.version, e.fromStage, e.toStage])).toEqual([
        ['stage.changed', 2, 'None', 'Production'],
        ['stage.archived', 1, 'Production', 'Archived'],
        ['gate.run', 2, 'None', 'Production'],
      ]);
      expect(audit[0]).toMatchObject({ actor: 'key-writer', reason: 'better', details: { gate: 'no-policy', previousProduction: 1 } });
      expect((await registry.listReports('p', 2))[0]).toMatchObject({ passed: true, policyVersion: null });
    });

    it('stores versioned gate policies and refuses ones the gate rejects', async () => {
      await registry.createModel({ name: 'g' }, WRITER);
      await expect(registry.getGatePolicy('g')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(registry.putGatePolicy('g', { minAccuracy: 2 }, WRITER)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^policy\.minAccuracy/) });
      await expect(registry.putGatePolicy('g', { minAccuracy: 0.5, metric: 'f7' }, WRITER)).rejects.toThrow(/metric/);
      expect((await registry.putGatePolicy('g', { minAccuracy: 0.5 }, WRITER)).policyVersion).toBe(1);
      expect((await registry.putGatePolicy('g', { minAccuracy: 0.7 }, WRITER)).policyVersion).toBe(2);
      expect(await registry.getGatePolicy('g')).toMatchObject({ policyVersion: 2, policy: { minAccuracy: 0.7, applyTo: ['Production'] } });
      expect((await registry.gatePolicyHistory('g')).map((p) => p.policyVersion)).toEqual([2, 1]);
      expect((await registry.audit('g')).items.filter((e) => e.action === 'gate-policy.set').map((e) => e.details.policyVersion)).toEqual([2, 1]);
    });

    it('refuses a promotion the gate fails, listing the failed checks and changing no stage', async () => {
      await registry.createModel({ name: 'f' }, WRITER);
      await upload('f', 0.9);
      await upload('f', 0.85);
      await registry.promote('f', 1, { stage: 'Production' }, WRITER);
      await registry.setAlias('f', 'champion', 1, WRITER);
      await registry.putGatePolicy('f', { minAccuracy: 0.5 }, WRITER);
      const before = await stages('f');
      const refused = registry.promote('f', 2, { stage: 'Production' }, WRITER);
      await expect(refused).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', details: { failedChecks: ['performance'] } });
      await expect(refused).rejects.toThrow(/failed checks: performance \(accuracy 0.85\)/);
      expect(await stages('f')).toEqual(before);
      expect((await registry.getModel('f')).aliases).toEqual([{ alias: 'champion', version: 1 }]);
      const [report] = await registry.listReports('f', 2);
      expect(report).toMatchObject({ passed: false, policyVersion: 1, comparedWith: 1, targetStage: 'Production', checks: [{ name: 'performance', verdict: 'fail' }] });
      expect(await registry.getReport('f', 2, report?.id ?? '')).toEqual(report);
      expect((await registry.audit('f')).items[0]).toMatchObject({ action: 'gate.run', version: 2, details: { passed: false, failedChecks: ['performance'] } });

      // Forcing: admins only, with a reason, and recorded as such.
      await expect(registry.promote('f', 2, { stage: 'Production', force: true, reason: 'hotfix' }, WRITER)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
      await expect(registry.promote('f', 2, { stage: 'Production', force: true }, ADMIN)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^body\.reason: a reason is required/) });
      const forced = await registry.promote('f', 2, { stage: 'Production', force: true, reason: 'hotfix for outage' }, ADMIN);
      expect(forced).toMatchObject({ gate: 'forced', archived: [1] });
      expect((await registry.audit('f')).items[0]).toMatchObject({ action: 'promotion.forced', actor: 'key-admin', reason: 'hotfix for outage', version: 2, details: { failedChecks: ['performance'] } });
    });

    it('gates Staging only when the policy applies to it', async () => {
      await registry.createModel({ name: 's' }, WRITER);
      await upload('s', 0.1);
      await registry.putGatePolicy('s', { minAccuracy: 0.5 }, WRITER);
      expect(await registry.promote('s', 1, { stage: 'Staging' }, WRITER)).toMatchObject({ gate: 'not-required' });
      await registry.promote('s', 1, { stage: 'None' }, WRITER);
      await registry.putGatePolicy('s', { minAccuracy: 0.5, applyTo: ['Staging', 'Production'] }, WRITER);
      await expect(registry.promote('s', 1, { stage: 'Staging' }, WRITER)).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
      expect((await registry.getVersion('s', 1)).stage).toBe('None');
    });

    it('ends two concurrent promotions of different versions with exactly one Production', async () => {
      await registry.createModel({ name: 'race' }, WRITER);
      for (const acc of [0.6, 0.7, 0.8, 0.9]) await upload('race', acc);
      // Without a gate both may succeed, one after the other; with a slow gate the second finds Production changed.
      const free = await Promise.allSettled([registry.promote('race', 1, { stage: 'Production' }, WRITER), registry.promote('race', 2, { stage: 'Production' }, WRITER)]);
      expect(free.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
      expect(await productions('race')).toHaveLength(1);
      await registry.putGatePolicy('race', { minAccuracy: 0.5, delayMs: 30 }, WRITER);
      const gated = await Promise.allSettled([registry.promote('race', 3, { stage: 'Production' }, WRITER), registry.promote('race', 4, { stage: 'Production' }, WRITER)]);
      const ok = gated.filter((r) => r.status === 'fulfilled');
      expect(ok.length).toBeGreaterThanOrEqual(1);
      for (const r of gated) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'FAILED_PRECONDITION' });
      expect(await productions('race')).toHaveLength(1);
      const model = await registry.getModel('race');
      expect([3, 4]).toContain(model.productionVersion);
    });

    it('rolls back to the version Production replaced, step by step', async () => {
      await registry.createModel({ name: 'r' }, WRITER);
      for (const acc of [0.6, 0.7, 0.8]) await upload('r', acc);
      await expect(registry.rollback('r', undefined, WRITER)).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
      for (const v of [1, 2, 3]) await registry.promote('r', v, { stage: 'Production' }, WRITER);
      const back = await registry.rollback('r', 'latency regression', WRITER);
      expect(back).toMatchObject({ rolledBack: 3, version: { version: 2, stage: 'Production' } });
      expect(await stages('r')).toEqual({ 1: 'Archived', 2: 'Production', 3: 'Archived' });
      expect((await registry.audit('r')).items[0]).toMatchObject({ action: 'rollback', version: 2, toStage: 'Production', reason: 'latency regression', details: { rolledBack: 3 } });
      expect((await registry.rollback('r', undefined, WRITER)).version.version).toBe(1);
      await expect(registry.rollback('r', undefined, WRITER)).rejects.toThrow(/nothing to roll back to/);
      expect(await productions('r')).toEqual([1]);
    });

    it('moves aliases atomically: one version per alias, dropped with its version', async () => {
      await registry.createModel({ name: 'a' }, WRITER);
      for (const acc of [0.6, 0.7, 0.8]) await upload('a', acc);
      await registry.setAlias('a', 'champion', 1, WRITER);
      await registry.setAlias('a', 'champion', 2, WRITER);
      expect((await registry.getVersion('a', 1)).aliases).toEqual([]);
      expect((await registry.getVersionByAlias('a', 'champion')).version).toBe(2);
      await Promise.all([1, 2, 3, 1, 3].map((v) => registry.setAlias('a', 'challenger', v, WRITER)));
      const holders = (await registry.listVersions('a')).items.filter((v) => v.aliases.includes('challenger'));
      expect(holders).toHaveLength(1);
      expect((await registry.getModel('a')).aliases.filter((x) => x.alias === 'challenger')).toHaveLength(1);
      await expect(registry.setAlias('a', 'v3', 1, WRITER)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(registry.setAlias('a', 'x', 9, WRITER)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await registry.deleteVersion('a', 2, WRITER);
      await expect(registry.getVersionByAlias('a', 'champion')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(registry.deleteAlias('a', 'champion', WRITER)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await registry.audit('a')).items.filter((e) => e.action === 'alias.set')).toHaveLength(7);
    });

    it('protects the Production version from deletion and keeps the audit trail of deleted models', async () => {
      await registry.createModel({ name: 'd' }, WRITER);
      await upload('d', 0.5);
      await registry.promote('d', 1, { stage: 'Production' }, WRITER);
      await expect(registry.deleteVersion('d', 1, WRITER)).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
      await expect(registry.deleteModel('d', WRITER)).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
      await registry.promote('d', 1, { stage: 'Archived' }, WRITER);
      await registry.updateModel('d', { newName: 'd2', description: 'renamed' }, WRITER);
      expect((await registry.getVersion('d2', 1)).name).toBe('d2');
      await registry.deleteModel('d2', WRITER);
      await expect(registry.getModel('d2')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await registry.createModel({ name: 'd2' }, WRITER);
      expect((await upload('d2', 0.1)).version).toBe(1);
    });

    it('searches with MLflow filters and pages', async () => {
      for (const name of ['alpha', 'beta', 'Alpine']) await registry.createModel({ name, tags: [{ key: 'team', value: name.startsWith('a') ? 'x' : 'y' }] }, WRITER);
      expect((await registry.listModels({ filter: "name LIKE 'al%'" })).items.map((m) => m.name)).toEqual(['alpha']);
      expect((await registry.listModels({ filter: "name ILIKE 'al%'" })).items.map((m) => m.name)).toEqual(['Alpine', 'alpha']);
      expect((await registry.listModels({ filter: "tags.team = 'y'" })).items.map((m) => m.name)).toEqual(['Alpine', 'beta']);
      const page1 = await registry.listModels({ maxResults: 2, orderBy: ['name DESC'] });
      expect(page1.items.map((m) => m.name)).toEqual(['beta', 'alpha']);
      expect((await registry.listModels({ maxResults: 2, orderBy: ['name DESC'], pageToken: page1.nextPageToken })).items.map((m) => m.name)).toEqual(['Alpine']);
      await expect(registry.listModels({ filter: "owner = 'me'" })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/unknown field 'owner'/) });
      await upload('beta', 0.3);
      await upload('alpha', 0.3);
      expect((await registry.searchVersions({ filter: "name = 'beta'" })).items.map((v) => `${v.name}/${v.version}`)).toEqual(['beta/1']);
    });
  });
}
