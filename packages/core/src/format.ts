// The few ways a number becomes text that the CLI and the UI must agree on: hex values, counts
// with a noun, the "holds N zombies" sentence, and the zombie scan's "could not see" line.

/** `0x` and upper-case hex digits, zero-padded to `width` (handles: `0x1A4`). */
export function hex(n: number, width = 0): string {
  return `0x${n.toString(16).toUpperCase().padStart(width, '0')}`;
}

/** A 32-bit value (access mask, attributes, NTSTATUS, exit code) as `0xC0000022`, negatives as uint32. */
export function hex32(n: number): string {
  return hex(n >>> 0, 8);
}

/** "1 zombie process", "1,234 zombie processes". */
export function plural(n: number, one: string): string {
  return `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : one.endsWith('s') ? 'es' : 's'}`;
}

/** What a holder keeps alive: "314 zombie processes and 1 zombie thread" (a zero count is left out). */
export function zombiesHeld(counts: { processes: number; threads: number }): string {
  const parts: string[] = [];
  if (counts.processes || !counts.threads) parts.push(plural(counts.processes, 'zombie process'));
  if (counts.threads) parts.push(plural(counts.threads, 'zombie thread'));
  return parts.join(' and ');
}

/**
 * What a missing DACL means, read off the SDDL, for the UI and `objscope info` alike. Only a NULL
 * DACL (`D:NO_ACCESS_CONTROL`) lets everyone in; a descriptor that came back empty (Wine keeps
 * none for objects created without one) or without a DACL part only says we were not told, and
 * must not claim full access.
 */
export function daclAbsence(sddl: string | null): string {
  if (sddl?.includes('D:NO_ACCESS_CONTROL')) return 'NULL DACL: everyone has full access';
  if (sddl === '') return 'not returned (the security descriptor came back empty)';
  return 'not returned';
}

/**
 * The one limit on name text a user types: the list's filter and Find's text alike. The inputs
 * stop at it and say so; the API refuses longer text with the same number.
 */
export const NAME_TEXT_MAX_LENGTH = 1024;

/**
 * The likely cause of a refused snapshot file, in the words a user acts on, from the loader's
 * reason (decodeSnapshot's `snapshot rejected: ...`). The reason itself follows as the details.
 */
export function likelyCauseOfRejection(error: string): string {
  if (/truncated|unexpected end of JSON|Unterminated/i.test(error)) return 'The file looks truncated: it may have been cut off while being copied or downloaded.';
  if (/version/i.test(error)) return 'The file is an objscope snapshot of a version this objscope does not read.';
  if (/the file is empty|not an objscope snapshot|neither gzip nor a JSON|not valid JSON|top level is|not valid UTF-8/i.test(error)) return 'This is not an objscope snapshot file.';
  if (/the limit\b|-byte limit|\(the limit\)/i.test(error)) return 'The snapshot is larger than objscope opens.';
  return 'The file is damaged or was not written by objscope.';
}

/**
 * The processes the zombie scan's kernel walk could not see: NtGetNextProcess skips every process
 * objscope cannot open, so a zombie among them is not listed. null where there was no walk
 * (Wine, older snapshots) or it saw every process on the list.
 */
export function unseenSentence(s: { processesNotSeen?: number | null; processesListed?: number }): string | null {
  if (s.processesNotSeen == null || s.processesNotSeen === 0) return null;
  return `could not see ${plural(s.processesNotSeen, 'process')} of ${(s.processesListed ?? 0).toLocaleString('en-US')} listed (the kernel walk skips processes objscope cannot open): a zombie among them is not shown`;
}
