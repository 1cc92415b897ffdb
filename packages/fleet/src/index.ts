// The fleet store (Parquet) and its questions (DuckDB). Node-only: never import it from code
// the browser loads.
export { addSnapshots, type AddProgress } from './store';
export { Fleet, FleetError, type FindResult, type FindHistory, type DriftResult, type ZombieHost } from './engine';
export { FLEET_TABLES, schemaMarkdown } from './schema';
