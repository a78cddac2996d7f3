/**
 * The layering table of docs/ARCHITECTURE.md, enforced. Run by `npm run lint`.
 * Data flows one way: http/cli → domain services → ports ← adapters; main.ts wires them.
 */
const DRIVERS = '(^|node_modules/)(pg|pg-boss|better-sqlite3|ioredis|@aws-sdk|kysely|fastify|@fastify|@nats-io|@duckdb|onnxruntime-node|undici)($|/)';

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'import cycles make load order fragile', from: {}, to: { circular: true } },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'core holds errors, ids, ports and shared types: no I/O, no other layer, no drivers',
      from: { path: '^src/core/' },
      to: { path: ['^src/(config|domains|adapters|http|sdk|cli)/', '^src/main\\.ts$', DRIVERS] },
    },
    {
      name: 'config-only-core',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: ['^src/(domains|adapters|http|sdk|cli)/', '^src/main\\.ts$'] },
    },
    {
      name: 'domains-never-touch-adapters-or-drivers',
      severity: 'error',
      from: { path: '^src/domains/' },
      to: { path: ['^src/(adapters|http|sdk|cli|config)/', '^src/main\\.ts$', DRIVERS] },
    },
    {
      name: 'domains-talk-through-index',
      severity: 'error',
      comment: 'another domain is reached only through its index.ts',
      from: { path: '^src/domains/([^/]+)/' },
      to: { path: '^src/domains/([^/]+)/', pathNot: ['^src/domains/$1/', '^src/domains/[^/]+/index\\.ts$'] },
    },
    {
      name: 'adapters-see-ports-only',
      severity: 'error',
      comment: 'adapters implement ports: domain *.store.ts / *.schema.ts types, never services',
      from: { path: '^src/adapters/' },
      to: { path: '^src/domains/', pathNot: '^src/domains/[^/]+/.*\\.(store|schema)\\.ts$' },
    },
    {
      name: 'adapters-import-domain-types-only',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/domains/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'adapters-stay-below',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: ['^src/(http|sdk|cli)/', '^src/main\\.ts$'] },
    },
    {
      name: 'adapters-wired-only-in-main',
      severity: 'error',
      comment: 'main.ts is the composition root: nothing else chooses an adapter',
      from: { path: '^src/', pathNot: ['^src/main\\.ts$', '^src/adapters/'] },
      to: { path: '^src/adapters/' },
    },
    {
      name: 'http-uses-services',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: ['^src/(adapters|cli|sdk|config)/', '^src/main\\.ts$', '(^|node_modules/)(pg|pg-boss|better-sqlite3|ioredis|@aws-sdk|kysely)($|/)'] },
    },
    {
      name: 'sdk-is-a-client',
      severity: 'error',
      comment: 'the SDK runs in browsers too: core, domain wire schemas (types) and zod-free limits only',
      from: { path: '^src/sdk/' },
      to: { path: '^src/', pathNot: ['^src/sdk/', '^src/core/', '^src/domains/[^/]+/[^/]+\\.(schema|limits)\\.ts$'] },
    },
    {
      name: 'sdk-keeps-zod-out-of-bundles',
      severity: 'error',
      comment: 'value imports of a schema file would put zod in the browser bundle: import its types only',
      from: { path: '^src/sdk/' },
      to: { path: '^src/domains/[^/]+/[^/]+\\.schema\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'cli-is-thin',
      severity: 'error',
      comment: 'the CLI calls the SDK, or main.ts to compose services for local work',
      from: { path: '^src/cli/' },
      to: { path: ['^src/(adapters|http|domains|config)/', DRIVERS] },
    },
    {
      name: 'no-orphans-in-src',
      severity: 'warn',
      from: { orphan: true, path: '^src/', pathNot: ['\\.test\\.ts$', '\\.d\\.ts$', '\\.contract\\.ts$'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js'] },
  },
};
