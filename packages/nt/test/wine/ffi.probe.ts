// Runs under Windows Node inside Wine (see support/probe.ts). `bound`: the NT layer's calls of
// four or fewer parameters through ffi.ts (NtOpenDirectoryObject, NtClose,
// NtQuerySystemInformation, the optional wine_get_version). `bare`: NtClose bound straight with
// koffi as declared in the headers, one parameter, which is what ffi.ts must not do.
import { createRequire } from 'node:module';
import { toUint32Status } from '@objscope/core';
import { nt } from '../../src/ffi';
import { openDirectory, listDirectoryRaw } from '../../src/directory';
import { getProcessHandleCount, wineVersion } from '../../src/capabilities';

interface Job {
  mode: 'bound' | 'bare';
}

function main(job: Job): unknown {
  const dir = openDirectory('\\KernelObjects');
  if (!dir.ok) return { error: `open: ${dir.status}` };
  if (job.mode === 'bare') {
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    const NtClose = koffi.load('ntdll.dll').func('int32 __stdcall NtClose(void *h)');
    return { closeStatus: toUint32Status(NtClose(dir.value) as number) };
  }
  const closeStatus = toUint32Status(nt().ntdll.NtClose(dir.value) as number);
  const root = listDirectoryRaw('\\');
  const handles = getProcessHandleCount();
  return { closeStatus, rootEntries: root.ok ? root.value.length : -1, handleCount: handles.ok ? handles.value : -1, wine: wineVersion() };
}

const out = main(JSON.parse(process.argv[2] ?? '{}') as Job);
process.stdout.write(`${JSON.stringify(out)}\n`);
