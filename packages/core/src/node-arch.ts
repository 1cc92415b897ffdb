// objscope reads kernel structures laid out for a 64-bit caller (SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX,
// PROCESS_BASIC_INFORMATION, UNICODE_STRING with 8-byte pointers). A 32-bit Node on 64-bit Windows
// runs under WOW64, whose ntdll hands back the 32-bit layouts (or truncates handle values and
// addresses), so every offset would read garbage. Refused once, at start, with the fix.

/** Why this Node cannot run objscope's live NT layer, or null when it can (or is not on Windows). */
export function nodeArchProblem(platform: string, arch: string): string | null {
  if (platform !== 'win32' || arch === 'x64') return null;
  return `objscope needs the 64-bit (x64) build of Node on Windows; this Node is ${arch}${arch === 'ia32' ? ' (32-bit, running under WOW64, where the kernel structures objscope reads have another layout)' : ''}: install Node for Windows x64`;
}
