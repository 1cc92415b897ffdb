/*
 * What the Wine test helpers (holdhelper.c, zombiehelper.c) share: Windows Node under Wine has no
 * console to talk through, so a helper and its test talk through files in one directory (DIR):
 * the helper writes its files atomically (a rename, so a poller never reads half a file) and
 * reads commands from DIR\command, polled every 20 ms; and both can make a process that nobody,
 * not even the same user, may open for PROCESS_DUP_HANDLE.
 *
 * A header of static inline functions: tools/native/build.mjs compiles each helper on its own
 * (and rebuilds every helper when a header changes), so there is nothing to link.
 */
#ifndef OBJSCOPE_HELPER_COMMON_H
#define OBJSCOPE_HELPER_COMMON_H

#include <windows.h>
#include <aclapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* The directory the helper and its test share (--dir). */
static wchar_t dir[MAX_PATH];

static inline void path_in_dir(wchar_t *out, const wchar_t *name) {
  _snwprintf(out, MAX_PATH, L"%ls\\%ls", dir, name);
  out[MAX_PATH - 1] = 0;
}

/* One attempt at write_file: NULL on success, else the name of the step that failed (for the message). */
static inline const wchar_t *write_file_once(const wchar_t *tmp, const wchar_t *final_path, const char *data, size_t len) {
  HANDLE f = CreateFileW(tmp, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  if (f == INVALID_HANDLE_VALUE) return L"CreateFile";
  DWORD written = 0;
  BOOL ok = WriteFile(f, data, (DWORD)len, &written, NULL) && written == len;
  CloseHandle(f);
  if (!ok) return L"WriteFile";
  return MoveFileExW(tmp, final_path, MOVEFILE_REPLACE_EXISTING) ? NULL : L"MoveFileEx";
}

/*
 * DIR\name with `data`, written to DIR\name.tmp first and renamed into place. A failed attempt
 * is said on stderr (the driver shows it when the helper then gives up: a helper that exited
 * before DIR\ready with nothing said was seen once in a clean run) and tried again.
 */
static inline int write_file(const wchar_t *name, const char *data, size_t len) {
  wchar_t tmp[MAX_PATH], final_path[MAX_PATH], tmpname[64];
  _snwprintf(tmpname, 64, L"%ls.tmp", name);
  path_in_dir(tmp, tmpname);
  path_in_dir(final_path, name);
  for (int attempt = 1; attempt <= 5; attempt++) {
    const wchar_t *failed = write_file_once(tmp, final_path, data, len);
    if (!failed) return 1;
    fwprintf(stderr, L"write_file %ls: %ls failed (attempt %d): error %lu\n", name, failed, attempt, (unsigned long)GetLastError());
    fflush(stderr);
    Sleep(100);
  }
  return 0;
}

/*
 * Waits for the next command (DIR\command, consumed on read) until `deadline` (GetTickCount()
 * time): 1 with the command's text in buf, 0 when the deadline passed first.
 */
static inline int next_command(DWORD deadline, char *buf, size_t cap) {
  wchar_t command_path[MAX_PATH];
  path_in_dir(command_path, L"command");
  while ((LONG)(deadline - GetTickCount()) > 0) {
    Sleep(20);
    HANDLE f = CreateFileW(command_path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
    if (f == INVALID_HANDLE_VALUE) continue;
    memset(buf, 0, cap);
    DWORD got = 0;
    ReadFile(f, buf, (DWORD)cap - 1, &got, NULL);
    CloseHandle(f);
    DeleteFileW(command_path);
    return 1;
  }
  return 0;
}

/*
 * Replaces `process`'s DACL by D:P(A;;0x101000;;;WD): Everyone gets only SYNCHRONIZE |
 * PROCESS_QUERY_LIMITED_INFORMATION, so nobody can open it with PROCESS_DUP_HANDLE: a holder a
 * scanner cannot examine, produced for real.
 */
static inline int lock_process(HANDLE process) {
  SID_IDENTIFIER_AUTHORITY world = SECURITY_WORLD_SID_AUTHORITY;
  PSID everyone = NULL;
  if (!AllocateAndInitializeSid(&world, 1, SECURITY_WORLD_RID, 0, 0, 0, 0, 0, 0, 0, &everyone)) return 0;
  DWORD acl_size = sizeof(ACL) + sizeof(ACCESS_ALLOWED_ACE) + GetLengthSid(everyone);
  PACL acl = (PACL)calloc(1, acl_size);
  int ok = InitializeAcl(acl, acl_size, ACL_REVISION) &&
           AddAccessAllowedAce(acl, ACL_REVISION, SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, everyone) &&
           SetSecurityInfo(process, SE_KERNEL_OBJECT, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                           NULL, NULL, acl, NULL) == ERROR_SUCCESS;
  FreeSid(everyone);
  free(acl);
  return ok;
}

#endif
