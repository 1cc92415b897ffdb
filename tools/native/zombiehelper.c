/*
 * zombiehelper: makes zombie processes and zombie threads for objscope's tests and bench, in
 * whatever Windows (or Wine prefix) it runs in.
 *
 *   zombiehelper.exe --dir DIR [--processes N] [--threads M] [--exit-base B] [--lock] [--fast]
 *                    [--second-handle] [--orphan] [--timeout S]
 *   zombiehelper.exe --child CODE
 *   zombiehelper.exe --middle CODE HOLDER_PID
 *
 * It starts N copies of itself with `--child CODE` (each exits at once with its own code) and
 * M threads (each returns its own code), waits until all of them have exited, and keeps every
 * process, thread and worker-thread handle open: that is exactly what makes a zombie. Exit
 * codes are B+i for process i and B+10000+j for thread j, so a test can tell them apart.
 *
 * With --second-handle child 0's process handle is duplicated once more (manifest extraHandle,
 * 0 elsewhere): one zombie, two holding handles.
 *
 * With --orphan it also makes one zombie whose parent no longer exists: it starts
 * `--middle CODE PID`, which creates a grandchild suspended, ends it with CODE, duplicates its
 * process handle into this helper (PID) and exits with that handle's value as its exit code.
 * Once the middle process has exited this helper closes its handles to it, so the middle one is
 * gone entirely while the grandchild stays a zombie whose recorded parent PID names nothing:
 * what a scanner must show as a non-existent parent (manifest `orphan`, null without the flag).
 *
 * With --fast the children are created suspended and terminated with their code, never run:
 * the same zombies, made several times faster (for the bench's 2,000).
 *
 * With --lock it first replaces its own process DACL by one that grants everyone only
 * SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, so nobody (not even the same user) can open
 * it with PROCESS_DUP_HANDLE: a holder a scanner cannot open, produced for real.
 *
 * Then it writes DIR\manifest.json and, once that is complete, DIR\ready (so a reader never
 * sees half a manifest). Windows Node under Wine has no console to talk through, so commands
 * arrive as a file, DIR\command, polled every 20 ms:
 *   close-half  close the handles of the first floor(N/2) processes and floor(M/2) threads,
 *               then write DIR\closed-half
 *   exit        exit (the OS closes every remaining handle)
 * It also exits on its own after --timeout seconds (default 600) so a crashed test run
 * does not leave zombies behind forever.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <aclapi.h>
#include <shellapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "helper-common.h"

typedef struct {
  DWORD pid, tid, code;
  HANDLE process, thread, extra;
} child_t;

typedef struct {
  DWORD tid, code;
  HANDLE thread;
} worker_t;

static DWORD WINAPI worker_main(LPVOID arg) { return (DWORD)(ULONG_PTR)arg; }

/* --middle: the orphan's parent. Returns the grandchild's handle value in the holder (the
   process `holder_pid`), or 1, 2 or 3 on failure (handle values are nonzero multiples of 4). */
static DWORD middle_main(DWORD code, DWORD holder_pid) {
  wchar_t self[MAX_PATH], cmd[MAX_PATH + 64];
  GetModuleFileNameW(NULL, self, MAX_PATH);
  _snwprintf(cmd, MAX_PATH + 64, L"\"%ls\" --child %lu", self, (unsigned long)code);
  STARTUPINFOW si;
  PROCESS_INFORMATION pi;
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  if (!CreateProcessW(self, cmd, NULL, NULL, FALSE, CREATE_NO_WINDOW | CREATE_SUSPENDED, NULL, NULL, &si, &pi)) return 1;
  /* Never let it run: ending it suspended is quick and the exit code is ours (as --fast). */
  TerminateProcess(pi.hProcess, code);
  WaitForSingleObject(pi.hProcess, INFINITE);
  HANDLE holder = OpenProcess(PROCESS_DUP_HANDLE, FALSE, holder_pid);
  if (!holder) return 2;
  HANDLE remote = NULL;
  if (!DuplicateHandle(GetCurrentProcess(), pi.hProcess, holder, &remote, 0, FALSE, DUPLICATE_SAME_ACCESS)) return 3;
  return (DWORD)(ULONG_PTR)remote;
}

int main(void) {
  /* main + CommandLineToArgvW rather than wmain, so no -municode is needed to build it. */
  int argc = 0;
  wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
  if (!argv) return 2;
  int nproc = 0, nthreads = 0, lock = 0, fast = 0, second = 0, orphan = 0;
  DWORD exit_base = 100, timeout_s = 600;
  dir[0] = 0;
  for (int i = 1; i < argc; i++) {
    if (!wcscmp(argv[i], L"--child") && i + 1 < argc) return (int)wcstoul(argv[i + 1], NULL, 10);
    if (!wcscmp(argv[i], L"--middle") && i + 2 < argc)
      return (int)middle_main(wcstoul(argv[i + 1], NULL, 10), wcstoul(argv[i + 2], NULL, 10));
    else if (!wcscmp(argv[i], L"--dir") && i + 1 < argc) wcsncpy(dir, argv[++i], MAX_PATH - 1);
    else if (!wcscmp(argv[i], L"--processes") && i + 1 < argc) nproc = _wtoi(argv[++i]);
    else if (!wcscmp(argv[i], L"--threads") && i + 1 < argc) nthreads = _wtoi(argv[++i]);
    else if (!wcscmp(argv[i], L"--exit-base") && i + 1 < argc) exit_base = wcstoul(argv[++i], NULL, 10);
    else if (!wcscmp(argv[i], L"--timeout") && i + 1 < argc) timeout_s = wcstoul(argv[++i], NULL, 10);
    else if (!wcscmp(argv[i], L"--lock")) lock = 1;
    else if (!wcscmp(argv[i], L"--fast")) fast = 1;
    else if (!wcscmp(argv[i], L"--second-handle")) second = 1;
    else if (!wcscmp(argv[i], L"--orphan")) orphan = 1;
    else {
      fwprintf(stderr, L"zombiehelper: unknown argument %ls\n", argv[i]);
      return 2;
    }
  }
  if (!dir[0] || nproc < 0 || nthreads < 0) {
    fwprintf(stderr, L"usage: zombiehelper --dir DIR [--processes N] [--threads M] [--exit-base B] [--lock]\n");
    return 2;
  }
  if (lock && !lock_process(GetCurrentProcess())) {
    write_file(L"error", "lock failed", 11);
    return 3;
  }

  wchar_t self[MAX_PATH];
  GetModuleFileNameW(NULL, self, MAX_PATH);
  child_t *children = (child_t *)calloc(nproc ? nproc : 1, sizeof(child_t));
  worker_t *workers = (worker_t *)calloc(nthreads ? nthreads : 1, sizeof(worker_t));

  /* Start children in batches and wait for each batch: many live Wine processes at once cost
     memory, and a child that has exited is all we want. */
  const int batch = 32;
  for (int start = 0; start < nproc; start += batch) {
    int end = start + batch < nproc ? start + batch : nproc;
    for (int i = start; i < end; i++) {
      wchar_t cmd[MAX_PATH + 64];
      children[i].code = exit_base + (DWORD)i;
      _snwprintf(cmd, MAX_PATH + 64, L"\"%ls\" --child %lu", self, (unsigned long)children[i].code);
      STARTUPINFOW si;
      PROCESS_INFORMATION pi;
      memset(&si, 0, sizeof si);
      si.cb = sizeof si;
      DWORD flags = CREATE_NO_WINDOW | (fast ? CREATE_SUSPENDED : 0);
      /* Under load Wine sometimes fails a creation transiently (ERROR_INTERNAL_ERROR while
         the previous batch's Unix processes are still being reaped): wait and retry. */
      BOOL created = FALSE;
      DWORD last = 0;
      for (int attempt = 0; attempt < 50 && !created; attempt++) {
        created = CreateProcessW(self, cmd, NULL, NULL, FALSE, flags, NULL, NULL, &si, &pi);
        if (!created) {
          last = GetLastError();
          Sleep(100);
        }
      }
      if (!created) {
        char msg[96];
        int n = snprintf(msg, sizeof msg, "CreateProcess failed for child %d: error %lu", i, (unsigned long)last);
        write_file(L"error", msg, (size_t)n);
        return 4;
      }
      children[i].pid = pi.dwProcessId;
      children[i].tid = pi.dwThreadId;
      children[i].process = pi.hProcess;
      children[i].thread = pi.hThread;
      /* --fast (the bench's 2,000 zombies): never let the child run; ending it while suspended
         skips its DLL initialisation, and the exit code is ours to set. */
      if (fast) TerminateProcess(pi.hProcess, children[i].code);
    }
    for (int i = start; i < end; i++) WaitForSingleObject(children[i].process, INFINITE);
  }
  /* --second-handle: child 0 held twice by this process, so a scanner must merge both holders. */
  if (second && nproc > 0 &&
      !DuplicateHandle(GetCurrentProcess(), children[0].process, GetCurrentProcess(), &children[0].extra, 0, FALSE,
                       DUPLICATE_SAME_ACCESS)) {
    write_file(L"error", "DuplicateHandle failed", 22);
    return 4;
  }
  for (int j = 0; j < nthreads; j++) {
    workers[j].code = exit_base + 10000 + (DWORD)j;
    workers[j].thread = CreateThread(NULL, 64 * 1024, worker_main, (LPVOID)(ULONG_PTR)workers[j].code,
                                     STACK_SIZE_PARAM_IS_A_RESERVATION, &workers[j].tid);
    if (!workers[j].thread) {
      write_file(L"error", "CreateThread failed", 19);
      return 4;
    }
  }
  for (int j = 0; j < nthreads; j++) WaitForSingleObject(workers[j].thread, INFINITE);

  /* --orphan: a zombie whose parent has exited and is no longer held by anyone. */
  DWORD orphan_pid = 0, orphan_parent = 0, orphan_code = exit_base + 20000;
  HANDLE orphan_handle = NULL;
  if (orphan) {
    wchar_t cmd[MAX_PATH + 64];
    _snwprintf(cmd, MAX_PATH + 64, L"\"%ls\" --middle %lu %lu", self, (unsigned long)orphan_code,
               (unsigned long)GetCurrentProcessId());
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    if (!CreateProcessW(self, cmd, NULL, NULL, FALSE, CREATE_NO_WINDOW, NULL, NULL, &si, &pi)) {
      write_file(L"error", "CreateProcess failed for the middle process", 43);
      return 4;
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD value = 0;
    GetExitCodeProcess(pi.hProcess, &value);
    orphan_parent = pi.dwProcessId;
    /* The last handles to the middle process: closing them lets it go away completely. */
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    orphan_handle = (HANDLE)(ULONG_PTR)value;
    orphan_pid = value && value % 4 == 0 ? GetProcessId(orphan_handle) : 0;
    if (!orphan_pid) {
      char msg[80];
      int n = snprintf(msg, sizeof msg, "the middle process failed: exit code %lu", (unsigned long)value);
      write_file(L"error", msg, (size_t)n);
      return 4;
    }
  }

  /* Manifest: ~120 bytes per entry. */
  size_t cap = 256 + (size_t)nproc * 200 + (size_t)nthreads * 96;
  char *json = (char *)malloc(cap);
  size_t len = 0;
  len += snprintf(json + len, cap - len, "{\"pid\":%lu,\"tid\":%lu,\"locked\":%s,\"processes\":[",
                  (unsigned long)GetCurrentProcessId(), (unsigned long)GetCurrentThreadId(), lock ? "true" : "false");
  for (int i = 0; i < nproc; i++) {
    DWORD code = 0;
    GetExitCodeProcess(children[i].process, &code);
    len += snprintf(json + len, cap - len,
                    "%s{\"pid\":%lu,\"tid\":%lu,\"exitCode\":%lu,\"processHandle\":%llu,\"threadHandle\":%llu,"
                    "\"extraHandle\":%llu}",
                    i ? "," : "", (unsigned long)children[i].pid, (unsigned long)children[i].tid, (unsigned long)code,
                    (unsigned long long)(ULONG_PTR)children[i].process, (unsigned long long)(ULONG_PTR)children[i].thread,
                    (unsigned long long)(ULONG_PTR)children[i].extra);
  }
  len += snprintf(json + len, cap - len, "],\"threads\":[");
  for (int j = 0; j < nthreads; j++) {
    DWORD code = 0;
    GetExitCodeThread(workers[j].thread, &code);
    len += snprintf(json + len, cap - len, "%s{\"tid\":%lu,\"exitCode\":%lu,\"handle\":%llu}", j ? "," : "",
                    (unsigned long)workers[j].tid, (unsigned long)code, (unsigned long long)(ULONG_PTR)workers[j].thread);
  }
  len += snprintf(json + len, cap - len, "]");
  if (orphan_pid)
    len += snprintf(json + len, cap - len, ",\"orphan\":{\"pid\":%lu,\"parentPid\":%lu,\"exitCode\":%lu,\"handle\":%llu}",
                    (unsigned long)orphan_pid, (unsigned long)orphan_parent, (unsigned long)orphan_code,
                    (unsigned long long)(ULONG_PTR)orphan_handle);
  else
    len += snprintf(json + len, cap - len, ",\"orphan\":null");
  len += snprintf(json + len, cap - len, "}\n");
  if (!write_file(L"manifest.json", json, len) || !write_file(L"ready", "1", 1)) return 5;

  DWORD deadline = GetTickCount() + timeout_s * 1000;
  int closed_half = 0;
  char buf[64];
  while (next_command(deadline, buf, sizeof buf)) {
    if (!strncmp(buf, "exit", 4)) return 0;
    if (!strncmp(buf, "close-half", 10) && !closed_half) {
      for (int i = 0; i < nproc / 2; i++) {
        CloseHandle(children[i].process);
        CloseHandle(children[i].thread);
        if (children[i].extra) CloseHandle(children[i].extra);
      }
      for (int j = 0; j < nthreads / 2; j++) CloseHandle(workers[j].thread);
      closed_half = 1;
      write_file(L"closed-half", "1", 1);
    }
  }
  return 0;
}
