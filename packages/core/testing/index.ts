// Builders for tests, benches and the e2e fixtures: `@objscope/core/testing`. Kept out of the
// package's main entry so the agent and the UI never ship them.
export * from './synthetic';
