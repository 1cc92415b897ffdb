// The arrows of docs/architecture.md, checked on every `npm test` (`npm run arrows`). Each rule
// names the room it guards and why; a new rule belongs in the document first.
//
// Rooms, from the ground up: core (model, snapshot format, diff, search) under everything; nt
// (ntdll through koffi) and api (the tRPC router) on core; the agent on all three; the web UI on
// api and core. Build and test tooling (scripts, tools, bench, e2e, tests) stands outside the
// shipped rooms: it may look at them, never the other way round.

/** Code that ships: the agent's and the UI's sources and the four packages they are built from. */
const SHIPPED = '^(apps/(agent|web)/(src|app)|packages/(core|nt|api)/src)/';
/** Code the browser runs: the UI, and the two packages it bundles (api runs in the browser too). */
const BROWSER = '^(apps/web/(src|app)|packages/(core|api)/src)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A loop of imports has no floor to stand on: split out what both sides need.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-the-ground',
      comment: 'core stands under every room: it imports no other workspace package and no app.',
      severity: 'error',
      from: { path: '^packages/core/(src|testing)/' },
      to: { path: '^(packages/(nt|api)|apps|e2e|scripts|tools|bench)/' },
    },
    {
      name: 'nt-stands-on-core-only',
      comment: 'The NT layer knows the model and nothing above it (no router, no agent, no UI).',
      severity: 'error',
      from: { path: '^packages/nt/src/' },
      to: { path: '^(packages/api|apps|e2e)/' },
    },
    {
      name: 'router-never-imports-nt',
      comment: 'The router reads through ObjectSource and runs in the browser too: it never names the NT layer.',
      severity: 'error',
      from: { path: '^packages/api/src/' },
      to: { path: '^(packages/nt|apps|e2e)/' },
    },
    {
      name: 'koffi-only-in-nt',
      comment: 'The FFI is one room: everything else reaches ntdll through @objscope/nt.',
      severity: 'error',
      from: { path: SHIPPED, pathNot: '^packages/nt/src/' },
      to: { path: 'node_modules/koffi/' },
    },
    {
      name: 'browser-never-imports-node',
      comment: 'core, api and the UI run in a browser tab (a shared snapshot needs no agent): no Node built-ins.',
      severity: 'error',
      from: { path: BROWSER },
      to: { dependencyTypes: ['core'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-never-imports-the-agent',
      comment: 'The UI talks to the agent over HTTP only, and never to the NT layer.',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^(apps/agent|packages/nt)/' },
    },
    {
      name: 'agent-commands-read-through-sources',
      comment: 'A CLI command reads through ObjectSource: only the live source and the worker scans name the NT layer.',
      severity: 'error',
      from: { path: '^apps/agent/src/(commands|server)/' },
      to: { path: '^packages/nt/' },
    },
    {
      name: 'shipped-code-imports-no-tooling',
      comment: 'What ships never imports build scripts, the harness, benches or tests.',
      severity: 'error',
      from: { path: SHIPPED },
      to: { path: '^(scripts|tools|bench|e2e)/|/test/|/testing/' },
    },
    {
      name: 'test-support-has-one-home',
      comment: 'Test support shared across suites lives in tools/testing/ (or a package\'s testing/ export); no suite reaches into another suite\'s test/ folder.',
      severity: 'error',
      from: { path: '^(e2e|bench|scripts|tools)/' },
      to: { path: '^(apps|packages)/[^/]+/test/' },
    },
    {
      name: 'tools-import-no-scripts',
      comment: 'Scripts drive the harness; the harness never imports the scripts back.',
      severity: 'error',
      from: { path: '^tools/' },
      to: { path: '^scripts/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|\\.next|out|\\.cache|\\.turbo)/' },
    // Type-only imports are arrows too: the router naming an nt type would tie it to nt.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    // Workspace packages resolve through node_modules/@objscope/* symlinks to their folders here.
    preserveSymlinks: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.d.mts', '.json'],
    },
  },
};
