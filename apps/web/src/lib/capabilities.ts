import type { SourceInfo } from '@objscope/core';

/**
 * The source's own notes that say again what a capability flag already says (the agent words
 * them for the terminal): matched by topic so the status bar does not list one limitation twice
 * in other words.
 */
const FLAG_TOPICS: readonly RegExp[] = [/\belevat/i, /object addresses/i, /bulk directory/i, /NtGetNextProcess/i, /SeDebugPrivilege/i];

/** What the capabilities mean for the user, worded as what they will see, each said once. */
export function capabilityWarnings(info: SourceInfo): string[] {
  const c = info.capabilities;
  const out: string[] = [];
  if (c.elevated === false) out.push('not elevated: some directories are denied');
  if (c.objectAddressesVisible === false) out.push('object addresses hidden');
  if (c.bulkDirectoryQuery === false) out.push('bulk directory query unavailable (slower listing)');
  if (!c.ntGetNextProcess) out.push('NtGetNextProcess missing: kernel-held zombies not counted');
  if (c.seDebugPrivilege === false) out.push('no SeDebugPrivilege: some processes cannot be opened');
  for (const w of c.warnings) {
    if (out.includes(w)) continue;
    if (FLAG_TOPICS.some((t) => t.test(w))) continue;
    out.push(w);
  }
  return out;
}

/** The status bar's one line: the first limitation, and how many more the details hold. */
export function warningSummary(warnings: readonly string[]): string {
  if (warnings.length === 0) return '';
  const first = warnings[0]!;
  return warnings.length === 1 ? first : `${first} (+${warnings.length - 1} more)`;
}
