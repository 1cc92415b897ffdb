// Types for lock.mjs (plain JavaScript: it runs before anything is installed).
export interface MissingOptional {
  /** Lock key of the package that declares the optional dependency ("node_modules/turbo"). */
  key: string;
  dep: string;
  version: string;
}
export function missingOptional(lock: { packages: Record<string, { optionalDependencies?: Record<string, string> }> }): MissingOptional[];
export function main(): number;
