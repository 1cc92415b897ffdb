// The Wine integration tests run under every Wine the harness knows (issue 21): Debian
// bookworm's Wine 8 on the machine and Debian trixie's Wine 10 in a chroot under the cache.
// The two are independent implementations of the NT calls objscope makes (Wine 10 has the bulk
// NtQueryDirectoryObject every Windows user's listing takes, Wine 8 has not), so each version
// gets the same specs, with its own prefixes (OBJSCOPE_WINE selects; tools/wine/harness.mjs).
//
// Kept apart from scripts/test.mjs so that file only calls in here.
import { BASE_ENV, must, sh } from './workspace.mjs';

/** Wine 8 first: it needs nothing more than the machine's wine64. */
export const TEST_WINE_VERSIONS = ['8', '10'];

/** The environment that selects one Wine for the harness and everything it starts. */
export function wineVersionEnv(version) {
  return { ...BASE_ENV, OBJSCOPE_WINE: version };
}

/**
 * Provisions every version (idempotent: the Wine 10 chroot is made once, ~2 minutes, and cached
 * in .cache/objscope/wine-10 like the rest), each with its prefix and server.
 */
export function setupWineVersions() {
  for (const v of TEST_WINE_VERSIONS) must('node', ['tools/wine/harness.mjs', 'setup'], { env: wineVersionEnv(v) });
}

/**
 * Ends each version's wineserver (and any helper a crashed spec left) in the project's own
 * prefixes. Registered for process exit, so it runs when the suite fails part-way too. The
 * Wine 10 chroot's mounts live in the mount namespace of its processes only (see chrootCommand in
 * the harness): with its last process gone, nothing of it stays mounted on the machine.
 */
export function stopWineVersions() {
  for (const v of TEST_WINE_VERSIONS) {
    sh('node', ['tools/wine/harness.mjs', 'stop'], { env: wineVersionEnv(v), timeout: 300_000 });
  }
}
