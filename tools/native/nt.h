/* Native API declarations shared by the Windows helper programs. mingw-w64's winternl.h covers
 * UNICODE_STRING and OBJECT_ATTRIBUTES but not the object-directory, symbolic-link and
 * synchronisation-object calls, so they are declared here as ntdll exports them. */
#ifndef OBJSCOPE_NT_H
#define OBJSCOPE_NT_H

#include <windows.h>
#include <winternl.h>

#ifndef STATUS_SUCCESS
#define STATUS_SUCCESS ((NTSTATUS)0x00000000L)
#endif
#define STATUS_MORE_ENTRIES_ ((NTSTATUS)0x00000105L)
#define STATUS_NO_MORE_ENTRIES_ ((NTSTATUS)0x8000001AL)
#define STATUS_NOT_IMPLEMENTED_ ((NTSTATUS)0xC0000002L)
#define STATUS_BUFFER_TOO_SMALL_ ((NTSTATUS)0xC0000023L)
#define STATUS_OBJECT_NAME_COLLISION_ ((NTSTATUS)0xC0000035L)

#define DIRECTORY_QUERY 0x0001
#define DIRECTORY_TRAVERSE 0x0002
#define DIRECTORY_CREATE_OBJECT 0x0004
#define DIRECTORY_CREATE_SUBDIRECTORY 0x0008
#define DIRECTORY_ALL_ACCESS_ (STANDARD_RIGHTS_REQUIRED | 0xF)
#define SYMBOLIC_LINK_QUERY 0x0001
#define SYMBOLIC_LINK_ALL_ACCESS_ (STANDARD_RIGHTS_REQUIRED | 0x1)

typedef struct {
  UNICODE_STRING Name;
  UNICODE_STRING TypeName;
} OBJDIR_INFORMATION;

typedef enum { NotificationEvent_ = 0, SynchronizationEvent_ = 1 } EVENT_TYPE_;
typedef enum { NotificationTimer_ = 0, SynchronizationTimer_ = 1 } TIMER_TYPE_;

NTSYSAPI NTSTATUS NTAPI NtCreateDirectoryObject(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES);
NTSYSAPI NTSTATUS NTAPI NtOpenDirectoryObject(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES);
NTSYSAPI NTSTATUS NTAPI NtQueryDirectoryObject(HANDLE, PVOID, ULONG, BOOLEAN, BOOLEAN, PULONG, PULONG);
NTSYSAPI NTSTATUS NTAPI NtCreateSymbolicLinkObject(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, PUNICODE_STRING);
NTSYSAPI NTSTATUS NTAPI NtOpenSymbolicLinkObject(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES);
NTSYSAPI NTSTATUS NTAPI NtQuerySymbolicLinkObject(HANDLE, PUNICODE_STRING, PULONG);
NTSYSAPI NTSTATUS NTAPI NtOpenEvent(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES);
NTSYSAPI NTSTATUS NTAPI NtCreateEvent(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, EVENT_TYPE_, BOOLEAN);
NTSYSAPI NTSTATUS NTAPI NtCreateMutant(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, BOOLEAN);
NTSYSAPI NTSTATUS NTAPI NtCreateSemaphore(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, LONG, LONG);
NTSYSAPI NTSTATUS NTAPI NtCreateSection(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, PLARGE_INTEGER, ULONG, ULONG, HANDLE);
NTSYSAPI NTSTATUS NTAPI NtCreateTimer(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, TIMER_TYPE_);
NTSYSAPI NTSTATUS NTAPI NtSetSecurityObject(HANDLE, SECURITY_INFORMATION, PSECURITY_DESCRIPTOR);

/* A counted string over caller memory: the length is explicit, so NUL inside a name survives. */
static inline void us_init(UNICODE_STRING *us, const WCHAR *s, size_t chars) {
  us->Buffer = (PWSTR)s;
  us->Length = (USHORT)(chars * sizeof(WCHAR));
  us->MaximumLength = us->Length;
}

static inline void oa_init(OBJECT_ATTRIBUTES *oa, UNICODE_STRING *name, HANDLE root, ULONG attributes, PVOID sd) {
  oa->Length = sizeof(*oa);
  oa->RootDirectory = root;
  oa->ObjectName = name;
  oa->Attributes = attributes;
  oa->SecurityDescriptor = sd;
  oa->SecurityQualityOfService = NULL;
}

#include <stdio.h>

/* JSON string with every non-ASCII or control unit as \uXXXX: the output is pure ASCII, so no
 * code-page conversion can touch it, and lone surrogates or NUL survive exactly. */
static inline void json_wstr(FILE *f, const WCHAR *s, size_t chars) {
  fputc('"', f);
  for (size_t i = 0; i < chars; i++) {
    WCHAR c = s[i];
    if (c == '"') fputs("\\\"", f);
    else if (c == '\\') fputs("\\\\", f);
    else if (c >= 0x20 && c < 0x7f) fputc((int)c, f);
    else fprintf(f, "\\u%04x", (unsigned)c);
  }
  fputc('"', f);
}

#endif
