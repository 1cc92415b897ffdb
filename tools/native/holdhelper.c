/*
 * holdhelper: named objects with known holders, for objscope's holder tests and bench.
 *
 *   holdhelper.exe --dir DIR --tag TAG [--bench N] [--timeout S]
 *   holdhelper.exe --child PARENT_PID      (what the helper starts; waits for its parent)
 *
 * It creates a named mutex, event and section (objscope-hold-TAG-mutex/-event/-section, in the
 * session's BaseNamedObjects) and four children:
 *   0 "running"   holds the mutex (SYNCHRONIZE) and the event (EVENT_MODIFY_STATE|SYNCHRONIZE,
 *                 inheritable)
 *   1 "suspended" created suspended (never ran a line): holds the mutex twice (all access and
 *                 SYNCHRONIZE) and the section (SECTION_QUERY|SECTION_MAP_READ)
 *   2 "locked"    holds the event; then the helper replaces that child's DACL by one granting
 *                 everyone only SYNCHRONIZE|PROCESS_QUERY_LIMITED_INFORMATION, so nobody can open
 *                 it for PROCESS_DUP_HANDLE: an unexaminable holder, for real
 *   3 "exiter"    holds the mutex; the `kill-exiter` command terminates it (the helper keeps its
 *                 process handle, so it stays a zombie with an empty handle table)
 * Every handle is put into the child with DuplicateHandle, so its value is known exactly.
 * With --bench N it also creates N named events (objscope-hold-TAG-bench-I) held by itself: a
 * handle table of N more Event handles for the bench.
 *
 * The manifest (DIR\manifest.json, then DIR\ready) gives each object's full NT name (queried
 * from the helper's own handle), every handle (holder pid, value, access, attributes) and the
 * children's pids. Commands arrive as DIR\command, polled every 20 ms (no console under Wine):
 *   kill-exiter   terminate child 3, wait for it, write DIR\killed
 *   exit          terminate every child and exit
 * It also exits after --timeout seconds (default 300), so a crashed run leaves nothing behind.
 *
 * For the no-trace checks (#19) it also makes, held by itself only:
 *   "solo"  a named mutex (objscope-hold-TAG-solo) with one handle, the helper's
 *   a pipe  (CreatePipe) whose read and write ends it holds, values in the manifest's "pipe"
 * and answers:
 *   recreate-solo   close its only handle to the solo mutex and create it again: DIR\solo says
 *                   "new" (a new object) or "exists" (ERROR_ALREADY_EXISTS: someone else, such as
 *                   a duplicate objscope kept, still holds the old one)
 *   close-writer    close the pipe's write end; DIR\pipe says "eof" when the reader then sees
 *                   the pipe broken (no writer left anywhere) or "open" when a writer remains
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <aclapi.h>
#include <shellapi.h>
#include <winternl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "helper-common.h"

#define NCHILD 4
#define MAX_HANDLES 16

typedef struct {
  DWORD pid;
  int child; /* -1: the helper itself */
  const char *object;
  HANDLE value;
  DWORD access;
  DWORD attributes;
} held_t;

static held_t held[MAX_HANDLES];
static int nheld = 0;

static int fail(const char *what) {
  char msg[160];
  int n = snprintf(msg, sizeof msg, "%s failed: error %lu", what, (unsigned long)GetLastError());
  write_file(L"error", msg, (size_t)n);
  return 4;
}

/* The object's full NT name as UTF-8 JSON string content (names here are ASCII). */
static void nt_name(HANDLE h, char *out, size_t cap) {
  union {
    OBJECT_NAME_INFORMATION info;
    char bytes[4096];
  } u;
  ULONG ret = 0;
  out[0] = 0;
  if (NtQueryObject(h, (OBJECT_INFORMATION_CLASS)1, &u, sizeof u, &ret) != 0) return;
  size_t n = u.info.Name.Length / 2;
  size_t o = 0;
  for (size_t i = 0; i < n && o + 3 < cap; i++) {
    wchar_t c = u.info.Name.Buffer[i];
    if (c == L'\\') {
      out[o++] = '\\';
      out[o++] = '\\';
    } else {
      out[o++] = (char)(c < 128 ? c : '?');
    }
  }
  out[o] = 0;
}

/* What the handle was actually granted (Wine grants a creator less than SECTION_ALL_ACCESS). */
static DWORD granted(HANDLE h, DWORD fallback) {
  PUBLIC_OBJECT_BASIC_INFORMATION basic;
  ULONG ret = 0;
  if (NtQueryObject(h, ObjectBasicInformation, &basic, sizeof basic, &ret) != 0) return fallback;
  return basic.GrantedAccess;
}

static int give(HANDLE object, const char *name, PROCESS_INFORMATION *child, int index, DWORD access, BOOL inherit) {
  HANDLE remote = NULL;
  if (!DuplicateHandle(GetCurrentProcess(), object, child->hProcess, &remote, access, inherit, 0)) return 0;
  held[nheld++] = (held_t){child->dwProcessId, index, name, remote, access, inherit ? 2u : 0u};
  return 1;
}

int main(void) {
  int argc = 0;
  wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
  if (!argv) return 2;
  wchar_t tag[64] = L"";
  DWORD timeout_s = 300, bench = 0;
  dir[0] = 0;
  for (int i = 1; i < argc; i++) {
    if (!wcscmp(argv[i], L"--child") && i + 1 < argc) {
      /* Live until the parent goes (or 10 minutes), holding whatever it was given. */
      HANDLE parent = OpenProcess(SYNCHRONIZE, FALSE, wcstoul(argv[i + 1], NULL, 10));
      if (parent) WaitForSingleObject(parent, 600000);
      else Sleep(600000);
      return 0;
    } else if (!wcscmp(argv[i], L"--dir") && i + 1 < argc) wcsncpy(dir, argv[++i], MAX_PATH - 1);
    else if (!wcscmp(argv[i], L"--tag") && i + 1 < argc) wcsncpy(tag, argv[++i], 63);
    else if (!wcscmp(argv[i], L"--bench") && i + 1 < argc) bench = wcstoul(argv[++i], NULL, 10);
    else if (!wcscmp(argv[i], L"--timeout") && i + 1 < argc) timeout_s = wcstoul(argv[++i], NULL, 10);
    else {
      fwprintf(stderr, L"holdhelper: unknown argument %ls\n", argv[i]);
      return 2;
    }
  }
  if (!dir[0] || !tag[0]) {
    fwprintf(stderr, L"usage: holdhelper --dir DIR --tag TAG [--bench N] [--timeout S]\n");
    return 2;
  }

  wchar_t name[160];
  _snwprintf(name, 160, L"objscope-hold-%ls-mutex", tag);
  HANDLE mutex = CreateMutexW(NULL, FALSE, name);
  if (!mutex) return fail("CreateMutex");
  _snwprintf(name, 160, L"objscope-hold-%ls-event", tag);
  HANDLE event = CreateEventW(NULL, TRUE, FALSE, name);
  if (!event) return fail("CreateEvent");
  _snwprintf(name, 160, L"objscope-hold-%ls-section", tag);
  HANDLE section = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, name);
  if (!section) return fail("CreateFileMapping");
  _snwprintf(name, 160, L"objscope-hold-%ls-solo", tag);
  wchar_t solo_name[160];
  wcscpy(solo_name, name);
  HANDLE solo = CreateMutexW(NULL, FALSE, solo_name);
  if (!solo) return fail("CreateMutex (solo)");
  HANDLE pipe_read = NULL, pipe_write = NULL;
  if (!CreatePipe(&pipe_read, &pipe_write, NULL, 0)) return fail("CreatePipe");
  DWORD self_pid = GetCurrentProcessId();
  held[nheld++] = (held_t){self_pid, -1, "mutex", mutex, granted(mutex, MUTEX_ALL_ACCESS), 0};
  held[nheld++] = (held_t){self_pid, -1, "event", event, granted(event, EVENT_ALL_ACCESS), 0};
  held[nheld++] = (held_t){self_pid, -1, "section", section, granted(section, SECTION_ALL_ACCESS), 0};

  HANDLE *bench_events = NULL;
  if (bench) {
    bench_events = (HANDLE *)calloc(bench, sizeof(HANDLE));
    for (DWORD i = 0; i < bench; i++) {
      _snwprintf(name, 160, L"objscope-hold-%ls-bench-%lu", tag, (unsigned long)i);
      bench_events[i] = CreateEventW(NULL, TRUE, FALSE, name);
      if (!bench_events[i]) return fail("CreateEvent (bench)");
    }
  }

  wchar_t self[MAX_PATH];
  GetModuleFileNameW(NULL, self, MAX_PATH);
  PROCESS_INFORMATION children[NCHILD];
  for (int i = 0; i < NCHILD; i++) {
    wchar_t cmd[MAX_PATH + 64];
    _snwprintf(cmd, MAX_PATH + 64, L"\"%ls\" --child %lu", self, (unsigned long)self_pid);
    STARTUPINFOW si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    /* DETACHED_PROCESS, not CREATE_NO_WINDOW: a child given no-window gets a console of its own,
       and kernelbase starts its conhost.exe with handle inheritance (Wine dlls/kernelbase/
       console.c, CreateProcessW(conhost, ..., TRUE, DETACHED_PROCESS, ...)). When that happens
       after the helper has put the inheritable event into the running child, conhost holds the
       event too, at the same value: a holder in no manifest, seen in about one run in three.
       A detached child has no console and starts nothing. */
    DWORD flags = DETACHED_PROCESS | (i == 1 ? CREATE_SUSPENDED : 0);
    BOOL created = FALSE;
    for (int attempt = 0; attempt < 50 && !created; attempt++) {
      created = CreateProcessW(self, cmd, NULL, NULL, FALSE, flags, NULL, NULL, &si, &children[i]);
      if (!created) Sleep(100);
    }
    if (!created) return fail("CreateProcess");
  }
  if (!give(mutex, "mutex", &children[0], 0, SYNCHRONIZE, FALSE) ||
      !give(event, "event", &children[0], 0, EVENT_MODIFY_STATE | SYNCHRONIZE, TRUE) ||
      !give(mutex, "mutex", &children[1], 1, MUTEX_ALL_ACCESS, FALSE) ||
      !give(mutex, "mutex", &children[1], 1, SYNCHRONIZE, FALSE) ||
      !give(section, "section", &children[1], 1, SECTION_QUERY | SECTION_MAP_READ, FALSE) ||
      !give(event, "event", &children[2], 2, SYNCHRONIZE, FALSE) ||
      !give(mutex, "mutex", &children[3], 3, SYNCHRONIZE, FALSE))
    return fail("DuplicateHandle");
  if (!lock_process(children[2].hProcess)) return fail("SetSecurityInfo (lock child 2)");

  char names[3][1100];
  nt_name(mutex, names[0], sizeof names[0]);
  nt_name(event, names[1], sizeof names[1]);
  nt_name(section, names[2], sizeof names[2]);
  char solo_nt[1100];
  nt_name(solo, solo_nt, sizeof solo_nt);
  char bench0[1100] = "", bench1[1100] = "";
  if (bench >= 2) {
    nt_name(bench_events[0], bench0, sizeof bench0);
    nt_name(bench_events[1], bench1, sizeof bench1);
  }

  size_t cap = 16384;
  char *json = (char *)malloc(cap);
  size_t len = (size_t)snprintf(json, cap,
                                "{\"pid\":%lu,\"objects\":{\"mutex\":\"%s\",\"event\":\"%s\",\"section\":\"%s\"},"
                                "\"bench\":{\"count\":%lu,\"first\":\"%s\",\"second\":\"%s\"},\"children\":[",
                                (unsigned long)self_pid, names[0], names[1], names[2], (unsigned long)bench, bench0, bench1);
  static const char *roles[NCHILD] = {"running", "suspended", "locked", "exiter"};
  for (int i = 0; i < NCHILD; i++)
    len += (size_t)snprintf(json + len, cap - len, "%s{\"role\":\"%s\",\"pid\":%lu}", i ? "," : "", roles[i],
                            (unsigned long)children[i].dwProcessId);
  len += (size_t)snprintf(json + len, cap - len, "],\"handles\":[");
  for (int k = 0; k < nheld; k++)
    len += (size_t)snprintf(json + len, cap - len,
                            "%s{\"pid\":%lu,\"child\":%d,\"object\":\"%s\",\"handle\":%llu,\"access\":%lu,\"attributes\":%lu}",
                            k ? "," : "", (unsigned long)held[k].pid, held[k].child, held[k].object,
                            (unsigned long long)(ULONG_PTR)held[k].value, (unsigned long)held[k].access,
                            (unsigned long)held[k].attributes);
  len += (size_t)snprintf(json + len, cap - len, "],\"solo\":\"%s\",\"pipe\":{\"read\":%llu,\"write\":%llu}}\n", solo_nt,
                          (unsigned long long)(ULONG_PTR)pipe_read, (unsigned long long)(ULONG_PTR)pipe_write);
  if (!write_file(L"manifest.json", json, len) || !write_file(L"ready", "1", 1)) return 5;

  DWORD deadline = GetTickCount() + timeout_s * 1000;
  char buf[64];
  while (next_command(deadline, buf, sizeof buf)) {
    if (!strncmp(buf, "exit", 4)) break;
    if (!strncmp(buf, "kill-exiter", 11)) {
      TerminateProcess(children[3].hProcess, 9);
      WaitForSingleObject(children[3].hProcess, 10000);
      write_file(L"killed", "1", 1);
    }
    if (!strncmp(buf, "recreate-solo", 13)) {
      CloseHandle(solo);
      solo = CreateMutexW(NULL, FALSE, solo_name);
      int existed = solo != NULL && GetLastError() == ERROR_ALREADY_EXISTS;
      write_file(L"solo", existed ? "exists" : solo ? "new" : "failed", existed ? 6 : solo ? 3 : 6);
    }
    if (!strncmp(buf, "close-writer", 12)) {
      CloseHandle(pipe_write);
      DWORD avail = 0;
      /* With every write end closed the pipe is broken: PeekNamedPipe fails with
         ERROR_BROKEN_PIPE. A write end alive anywhere (a duplicate in another process) keeps it open. */
      int eof = !PeekNamedPipe(pipe_read, NULL, 0, NULL, &avail, NULL) && GetLastError() == ERROR_BROKEN_PIPE;
      write_file(L"pipe", eof ? "eof" : "open", eof ? 3 : 4);
    }
  }
  for (int i = 0; i < NCHILD; i++) TerminateProcess(children[i].hProcess, 0);
  return 0;
}
