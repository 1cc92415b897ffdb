// The fleet store (Parquet) and its questions (DuckDB). Node-only: never import it from code
// the browser loads.
export { addSnapshots, type AddProgress } from './store';
export { Fleet, FleetError } from './engine';
export { FLEET_TABLES, schemaMarkdown } from './schema';
