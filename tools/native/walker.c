/* Native full-namespace walker: the baseline the agent's walk is benchmarked against.
 *
 *   walker.exe [--repeat N] [--root PATH]   -> {"objects":..,"directories":..,"links":..,"errors":..,"bulk":..,"ms":[..]}
 *   walker.exe list PATH                    -> JSON array of {"name","type"} for one directory
 *   walker.exe query PATH [--repeat N]      -> {"entries":..,"usPerQuery":[..]}: the cost of one
 *                                              single-entry NtQueryDirectoryObject (bench baseline)
 *   walker.exe close N                      -> {"calls":N}: N NtClose calls on an invalid handle, a
 *                                              wineserver round trip with no work, whose CPU the
 *                                              bench compares with the same calls through koffi
 *
 * Same algorithm as the agent (packages/nt/src/directory.ts): bulk
 * NtQueryDirectoryObject with a fallback to single-entry mode on STATUS_NOT_IMPLEMENTED
 * (Wine 8), continue on STATUS_MORE_ENTRIES, grow the buffer only when not even one entry
 * fits, stop at STATUS_NO_MORE_ENTRIES; collect a directory's entries, read every symbolic
 * link's target (relative to the directory handle), then open each child directory relative to
 * its parent's handle and recurse. Time is measured inside the process, so Wine and process
 * start-up are excluded exactly as they are from the agent's in-process figure. */
#include "nt.h"
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

typedef struct {
  WCHAR *name;
  USHORT len; /* in WCHARs */
  WCHAR *type;
  USHORT type_len;
  char kind;  /* 'd' directory, 'l' symbolic link, 'o' other */
} Entry;

static struct {
  unsigned long long objects, directories, links, errors;
} stats;

static int single_entry = 0;   /* latched after the first STATUS_NOT_IMPLEMENTED */
static int bulk_worked = 0;
static BYTE *qbuf;
static ULONG qbuf_size = 64 * 1024;
static WCHAR *target_buf;
static ULONG target_bytes = 1024;

static NTSTATUS open_dir(HANDLE root, const WCHAR *name, size_t len, HANDLE *h) {
  UNICODE_STRING us;
  OBJECT_ATTRIBUTES oa;
  us_init(&us, name, len);
  oa_init(&oa, &us, root, OBJ_CASE_INSENSITIVE, NULL);
  /* Query only, as the agent opens them: traverse is not needed to list or to open children
   * relative to the handle, and asking for it makes a query-only directory look denied. */
  return NtOpenDirectoryObject(h, DIRECTORY_QUERY, &oa);
}

static int is_type(const UNICODE_STRING *t, const WCHAR *lit) {
  size_t n = wcslen(lit);
  return t->Length == n * sizeof(WCHAR) && memcmp(t->Buffer, lit, n * sizeof(WCHAR)) == 0;
}

/* Reads an open directory's entries into a fresh array; returns the count or -1. */
static long list_dir(HANDLE h, Entry **out) {
  size_t cap = 64, n = 0;
  Entry *v = malloc(cap * sizeof(Entry));
  ULONG ctx = 0, ret = 0;
  BOOLEAN restart = TRUE;
  NTSTATUS st;
  for (;;) {
    st = NtQueryDirectoryObject(h, qbuf, qbuf_size, single_entry ? TRUE : FALSE, restart, &ctx, &ret);
    if (st == STATUS_NOT_IMPLEMENTED_ && !single_entry) {
      single_entry = 1;
      continue;
    }
    if (st == STATUS_NO_MORE_ENTRIES_) break;
    if (st == STATUS_BUFFER_TOO_SMALL_) {
      qbuf_size *= 2;
      free(qbuf);
      qbuf = malloc(qbuf_size);
      continue;
    }
    if (!NT_SUCCESS(st)) {
      stats.errors++;
      break;
    }
    if (!single_entry) bulk_worked = 1;
    restart = FALSE;
    OBJDIR_INFORMATION *e = (OBJDIR_INFORMATION *)qbuf;
    for (; e->Name.Buffer != NULL || e->Name.Length != 0; e++) {
      if (n == cap) v = realloc(v, (cap *= 2) * sizeof(Entry));
      USHORT l = e->Name.Length / sizeof(WCHAR);
      v[n].name = malloc((l + 1) * sizeof(WCHAR));
      memcpy(v[n].name, e->Name.Buffer, l * sizeof(WCHAR));
      v[n].len = l;
      USHORT tl = e->TypeName.Length / sizeof(WCHAR);
      v[n].type = malloc((tl + 1) * sizeof(WCHAR));
      memcpy(v[n].type, e->TypeName.Buffer, tl * sizeof(WCHAR));
      v[n].type_len = tl;
      v[n].kind = is_type(&e->TypeName, L"Directory") ? 'd' : is_type(&e->TypeName, L"SymbolicLink") ? 'l' : 'o';
      n++;
      if (single_entry) break;
    }
  }
  *out = v;
  return (long)n;
}

/* A link's target, opened relative to its directory; an empty target is a dynamic link
 * (Windows' memory conditions), which the agent resolves by opening it as an Event. */
static void read_link(HANDLE dir, const WCHAR *name, size_t len) {
  UNICODE_STRING us, target;
  OBJECT_ATTRIBUTES oa;
  HANDLE h;
  us_init(&us, name, len);
  oa_init(&oa, &us, dir, OBJ_CASE_INSENSITIVE, NULL);
  if (!NT_SUCCESS(NtOpenSymbolicLinkObject(&h, SYMBOLIC_LINK_QUERY, &oa))) {
    stats.errors++;
    return;
  }
  for (;;) {
    ULONG needed = 0;
    target.Buffer = target_buf;
    target.Length = 0;
    target.MaximumLength = (USHORT)target_bytes;
    NTSTATUS st = NtQuerySymbolicLinkObject(h, &target, &needed);
    if (st == STATUS_BUFFER_TOO_SMALL_ && target_bytes < 0xFFFE) {
      target_bytes = needed > target_bytes ? needed : target_bytes * 2;
      if (target_bytes > 0xFFFE) target_bytes = 0xFFFE;
      free(target_buf);
      target_buf = malloc(target_bytes);
      continue;
    }
    if (!NT_SUCCESS(st)) stats.errors++;
    else if (target.Length == 0) {
      HANDLE ev;
      if (NT_SUCCESS(NtOpenEvent(&ev, 0x00100001, &oa))) NtClose(ev);
    }
    break;
  }
  NtClose(h);
}

/* Collect the entries, read the links, then descend: each child directory is opened relative
 * to its parent's handle, as the agent does. */
static void walk(HANDLE h) {
  Entry *v;
  long n = list_dir(h, &v);
  stats.directories++;
  for (long i = 0; i < n; i++) {
    stats.objects++;
    if (v[i].kind == 'l') {
      stats.links++;
      read_link(h, v[i].name, v[i].len);
    }
  }
  for (long i = 0; i < n; i++) {
    if (v[i].kind == 'd') {
      HANDLE ch;
      if (NT_SUCCESS(open_dir(h, v[i].name, v[i].len, &ch))) {
        walk(ch);
        NtClose(ch);
      } else {
        stats.errors++;
      }
    }
    free(v[i].name);
    free(v[i].type);
  }
  free(v);
}

static size_t to_wide(const char *s, WCHAR **out) {
  int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
  *out = malloc(n * sizeof(WCHAR));
  MultiByteToWideChar(CP_UTF8, 0, s, -1, *out, n);
  return (size_t)(n - 1);
}

int main(int argc, char **argv) {
  qbuf = malloc(qbuf_size);
  target_buf = malloc(target_bytes);
  if (argc == 3 && strcmp(argv[1], "list") == 0) {
    WCHAR *p;
    size_t len = to_wide(argv[2], &p);
    HANDLE h;
    NTSTATUS st = open_dir(NULL, p, len, &h);
    if (!NT_SUCCESS(st)) {
      fprintf(stderr, "walker: cannot open %s: 0x%08lX\n", argv[2], (unsigned long)st);
      return 1;
    }
    Entry *v;
    long n = list_dir(h, &v);
    NtClose(h);
    printf("[");
    for (long i = 0; i < n; i++) {
      printf(i ? ",\n {\"name\":" : "{\"name\":");
      json_wstr(stdout, v[i].name, v[i].len);
      printf(",\"type\":");
      json_wstr(stdout, v[i].type, v[i].type_len);
      printf("}");
    }
    printf("]\n");
    return 0;
  }
  if (argc == 3 && strcmp(argv[1], "close") == 0) {
    long n = atol(argv[2]);
    for (long i = 0; i < n; i++) NtClose((HANDLE)(ULONG_PTR)0x12345670);
    printf("{\"calls\":%ld}\n", n);
    return 0;
  }
  if (argc >= 3 && strcmp(argv[1], "query") == 0) {
    int rounds = argc == 5 && strcmp(argv[3], "--repeat") == 0 ? atoi(argv[4]) : 5;
    WCHAR *p;
    size_t len = to_wide(argv[2], &p);
    HANDLE h;
    NTSTATUS st = open_dir(NULL, p, len, &h);
    if (!NT_SUCCESS(st)) {
      fprintf(stderr, "walker: cannot open %s: 0x%08lX\n", argv[2], (unsigned long)st);
      return 1;
    }
    LARGE_INTEGER f, a, b;
    QueryPerformanceFrequency(&f);
    int count = 0;
    printf("{\"usPerQuery\":[");
    for (int r = 0; r < rounds; r++) {
      ULONG ctx = 0, ret = 0;
      BOOLEAN restart = TRUE;
      count = 0;
      QueryPerformanceCounter(&a);
      for (;;) {
        st = NtQueryDirectoryObject(h, qbuf, qbuf_size, TRUE, restart, &ctx, &ret);
        restart = FALSE;
        if (st != STATUS_SUCCESS && st != STATUS_MORE_ENTRIES_) break;
        count++;
      }
      QueryPerformanceCounter(&b);
      printf(r ? ",%.3f" : "%.3f", count ? (double)(b.QuadPart - a.QuadPart) * 1e6 / (double)f.QuadPart / count : 0.0);
    }
    printf("],\"entries\":%d}\n", count);
    NtClose(h);
    return 0;
  }
  int repeat = 1;
  const char *root = "\\";
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) repeat = atoi(argv[++i]);
    else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc) root = argv[++i];
    else {
      fprintf(stderr, "usage: walker.exe [--repeat N] [--root PATH] | walker.exe list PATH | walker.exe query PATH [--repeat N] | walker.exe close N\n");
      return 2;
    }
  }
  WCHAR *wroot;
  size_t rlen = to_wide(root, &wroot);
  LARGE_INTEGER freq, t0, t1;
  QueryPerformanceFrequency(&freq);
  double *ms = malloc(sizeof(double) * (repeat > 0 ? repeat : 1));
  for (int r = 0; r < repeat; r++) {
    memset(&stats, 0, sizeof stats);
    QueryPerformanceCounter(&t0);
    HANDLE h;
    NTSTATUS st = open_dir(NULL, wroot, rlen, &h);
    if (!NT_SUCCESS(st)) {
      fprintf(stderr, "walker: cannot open %s: 0x%08lX\n", root, (unsigned long)st);
      return 1;
    }
    walk(h);
    NtClose(h);
    QueryPerformanceCounter(&t1);
    ms[r] = (double)(t1.QuadPart - t0.QuadPart) * 1000.0 / (double)freq.QuadPart;
  }
  printf("{\"objects\":%llu,\"directories\":%llu,\"links\":%llu,\"errors\":%llu,\"bulk\":%s,\"ms\":[",
         stats.objects, stats.directories, stats.links, stats.errors, bulk_worked ? "true" : "false");
  for (int r = 0; r < repeat; r++) printf(r ? ",%.3f" : "%.3f", ms[r]);
  printf("]}\n");
  return 0;
}
