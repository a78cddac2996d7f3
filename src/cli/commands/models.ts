import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import type { ModelSource, PromoteInput, RegisterOptions } from '../../sdk/index.js';
import { client, globals } from '../context.js';
import { formatTime, output, printJson, printTable } from '../output.js';

const RUN_URI = /^runs:\/+([0-9a-f]{32})\/(.+)$/;

async function readJsonFile(path: string, what: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch((err: unknown) => {
    throw new AppError('INVALID_ARGUMENT', `cannot read the ${what} file ${path}: ${(err as Error).message}`);
  });
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new AppError('INVALID_ARGUMENT', `the ${what} file ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** `runs:/<id>/<path>`, a run artifact path with --run, or a local file (linked to --run when given). */
async function sourceOf(arg: string, run: string | undefined): Promise<{ source: ModelSource; runId?: string }> {
  const uri = RUN_URI.exec(arg);
  if (uri) return { source: { runId: uri[1] ?? '', path: uri[2] ?? '' } };
  const local = await stat(arg).then((s) => s.isFile(), () => false);
  if (local) return { source: { file: arg }, ...(run ? { runId: run } : {}) };
  if (run) return { source: { runId: run, path: arg } };
  throw new AppError('INVALID_ARGUMENT', `${arg} is neither a local file nor a run artifact (use runs:/<run id>/<path>, or --run <id> with the artifact path)`);
}

export function registerModelsCommand(program: Command): void {
  const models = program.command('models').description('model registry: versions, stages through the validation gate, aliases, rollback, audit');

  models
    .command('register <name> <fileOrRunArtifact>')
    .description('register a new version from a local ONNX file or a run artifact (runs:/<id>/model); creates the model when missing')
    .option('--run <id>', 'the run the model came from (its params, metrics and datasets are copied)')
    .option('--signature <auto|file>', "'auto' reads it from the ONNX model; or a JSON file {inputs, outputs}", 'auto')
    .option('--description <text>', 'version description')
    .action(async (name: string, arg: string, opts: { run?: string; signature: string; description?: string }, cmd: Command) => {
      const keel = client(cmd);
      const { source, runId } = await sourceOf(arg, opts.run);
      const registerOpts: RegisterOptions = {
        ...(runId ? { runId } : {}),
        ...(opts.description ? { description: opts.description } : {}),
        ...(opts.signature === 'auto' ? {} : { signature: (await readJsonFile(opts.signature, 'signature')) as NonNullable<RegisterOptions['signature']> }),
      };
      // MLflow's register_model creates the model on first use; so does this.
      await keel.models.get(name).catch(async (err: unknown) => {
        if (err instanceof AppError && err.code === 'NOT_FOUND') return keel.models.create({ name });
        throw err;
      });
      const version = await keel.models.register(name, source, registerOpts);
      output(globals(cmd), version, () => {
        process.stdout.write(`registered ${version.name} version ${version.version} (${version.sizeBytes} bytes, sha256 ${version.sha256.slice(0, 12)})\n`);
        for (const t of version.signature?.inputs ?? []) process.stdout.write(`  input  ${t.name}: ${t.type}[${t.shape.join(', ')}]\n`);
        for (const t of version.signature?.outputs ?? []) process.stdout.write(`  output ${t.name}: ${t.type}[${t.shape.join(', ')}]\n`);
      });
    });

  models
    .command('list')
    .description('registered models with their Production version')
    .option('--filter <filter>', "MLflow filter, e.g. \"name LIKE 'churn%'\"")
    .action(async (opts: { filter?: string }, cmd: Command) => {
      const { models: list } = await client(cmd).models.list(opts.filter ? { filter: opts.filter } : {});
      output(globals(cmd), list, () =>
        printTable(
          list.map((m) => ({ name: m.name, production: m.productionVersion, latest: m.latestVersion, aliases: m.aliases.map((a) => `${a.alias}→${a.version}`).join(' '), updated: formatTime(m.updatedAt) })),
          ['name', 'production', 'latest', 'aliases', 'updated'],
        ),
      );
    });

  models
    .command('show <name>')
    .description('one model: description, tags, aliases, Production version')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const model = await client(cmd).models.get(name);
      output(globals(cmd), model, () => printJson(model));
    });

  models
    .command('versions <name>')
    .description("a model's versions, newest first")
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const { versions } = await client(cmd).models.versions(name, { maxResults: 1000 });
      output(globals(cmd), versions, () =>
        printTable(
          versions.map((v) => ({ version: v.version, stage: v.stage, aliases: v.aliases.join(' '), run: v.runId?.slice(0, 8), size: v.sizeBytes, created: formatTime(v.createdAt), by: v.createdBy })),
          ['version', 'stage', 'aliases', 'run', 'size', 'created', 'by'],
        ),
      );
    });

  models
    .command('promote <name> <version>')
    .description('move a version to a stage; Production must pass the validation gate')
    .requiredOption('--stage <stage>', 'None, Staging, Production or Archived')
    .option('--reason <text>', 'why (recorded in the audit log; required with --force)')
    .option('--force', 'promote past a failing gate (admin keys only)', false)
    .action(async (name: string, version: string, opts: { stage: string; reason?: string; force: boolean }, cmd: Command) => {
      const result = await client(cmd).models.promote(name, Number(version), {
        // The server validates the stage and names it in its 400.
        stage: opts.stage as PromoteInput['stage'],
        force: opts.force,
        ...(opts.reason ? { reason: opts.reason } : {}),
      });
      output(globals(cmd), result, () => {
        process.stdout.write(`${result.message}\n`);
        for (const c of result.report?.checks ?? []) process.stdout.write(`  ${c.verdict.padEnd(7)} ${c.name}: ${c.message}\n`);
      });
    });

  models
    .command('rollback <name>')
    .description('move Production back to the version it replaced')
    .option('--reason <text>', 'why (recorded in the audit log)')
    .action(async (name: string, opts: { reason?: string }, cmd: Command) => {
      const result = await client(cmd).models.rollback(name, opts.reason);
      output(globals(cmd), result, () => process.stdout.write(`${name}: Production is version ${result.version.version} again (version ${result.rolledBack} archived)\n`));
    });

  models
    .command('alias <name> <alias> [version]')
    .description('point an alias (champion, challenger…) at a version; --delete removes it')
    .option('--delete', 'delete the alias', false)
    .action(async (name: string, alias: string, version: string | undefined, opts: { delete: boolean }, cmd: Command) => {
      const keel = client(cmd);
      if (opts.delete) {
        await keel.models.deleteAlias(name, alias);
        output(globals(cmd), { name, alias, deleted: true }, () => process.stdout.write(`deleted alias ${alias} of ${name}\n`));
        return;
      }
      if (version === undefined) throw new AppError('INVALID_ARGUMENT', 'give the version the alias should point at (or --delete)');
      const v = await keel.models.setAlias(name, alias, Number(version));
      output(globals(cmd), v, () => process.stdout.write(`${name}@${alias} → version ${v.version}\n`));
    });

  const gate = models.command('gate').description("a model's validation-gate policy");
  gate
    .command('set <name> <policyFile>')
    .description('store a new policy version from a JSON file (validated by the gate)')
    .action(async (name: string, file: string, _opts: unknown, cmd: Command) => {
      const policy = await readJsonFile(file, 'policy');
      if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) throw new AppError('INVALID_ARGUMENT', `the policy file ${file} must hold a JSON object`);
      const stored = await client(cmd).models.setGatePolicy(name, policy as Record<string, unknown>);
      output(globals(cmd), stored, () => process.stdout.write(`stored gate policy version ${stored.policyVersion} of ${name}\n`));
    });
  gate
    .command('show <name>')
    .description('the current policy')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const policy = await client(cmd).models.getGatePolicy(name);
      output(globals(cmd), policy, () => printJson(policy));
    });

  models
    .command('audit <name>')
    .description('stage and alias changes, gate runs, forced promotions, rollbacks, policy edits: who, when, why')
    .option('--limit <n>', 'events to show', '100')
    .action(async (name: string, opts: { limit: string }, cmd: Command) => {
      const { events } = await client(cmd).models.audit(name, { maxResults: Number(opts.limit) });
      output(globals(cmd), events, () =>
        printTable(
          events.map((e) => ({ at: formatTime(e.at), action: e.action, version: e.version, change: e.fromStage || e.toStage ? `${e.fromStage ?? '-'}→${e.toStage ?? '-'}` : e.alias ?? '', actor: e.actor, reason: e.reason })),
          ['at', 'action', 'version', 'change', 'actor', 'reason'],
        ),
      );
    });
}
