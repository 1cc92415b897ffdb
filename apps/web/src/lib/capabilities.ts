import type { SourceInfo } from '@objscope/core';

/** What the capabilities mean for the user, worded as what they will see. */
export function capabilityWarnings(info: SourceInfo): string[] {
  const c = info.capabilities;
  const out: string[] = [];
  if (c.elevated === false) out.push('not elevated: some directories are denied');
  if (c.objectAddressesVisible === false) out.push('object addresses hidden');
  if (c.bulkDirectoryQuery === false) out.push('bulk directory query unavailable (slower listing)');
  if (!c.ntGetNextProcess) out.push('NtGetNextProcess missing: kernel-held zombies not counted');
  if (c.seDebugPrivilege === false) out.push('no SeDebugPrivilege: some processes cannot be opened');
  for (const w of c.warnings) if (!out.includes(w)) out.push(w);
  return out;
}
