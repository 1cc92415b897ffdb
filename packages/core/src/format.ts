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
 * The processes the zombie scan's kernel walk could not see: NtGetNextProcess skips every process
 * objscope cannot open, so a zombie among them is not listed. null where there was no walk
 * (Wine, older snapshots) or it saw every listed process.
 */
export function unseenSentence(s: { processesNotSeen?: number | null; processesListed?: number }): string | null {
  if (s.processesNotSeen == null || s.processesNotSeen === 0) return null;
  return `could not see ${plural(s.processesNotSeen, 'process')} of ${(s.processesListed ?? 0).toLocaleString('en-US')} listed (the kernel walk skips processes objscope cannot open): a zombie among them is not shown`;
}
