// NT times are 100 ns ticks since 1601-01-01 UTC.
const EPOCH_DIFF_TICKS = 116444736000000000n;

/** ISO 8601 for a FILETIME/LARGE_INTEGER, or null for zero (Wine reports 0) or out of range. */
export function ntTimeToIso(ticks: bigint): string | null {
  if (ticks <= 0n) return null;
  const ms = (ticks - EPOCH_DIFF_TICKS) / 10000n;
  const d = new Date(Number(ms));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
