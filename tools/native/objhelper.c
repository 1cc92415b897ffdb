/* objhelper: the Wine integration tests' object factory.
 *
 *   objhelper.exe serve    --root NTPATH --dir DIR [--big N] [--max-seconds S]
 *   objhelper.exe populate --root NTPATH --dir DIR --count N [--max-seconds S]
 *
 * Creates named objects under NTPATH (a new directory; its parent must exist, e.g.
 * \BaseNamedObjects), writes DIR\manifest.json describing exactly what it created, then
 * DIR\ready, and keeps every handle open (named objects live only while a handle does).
 * While running it executes commands appended to DIR\commands.txt and answers each in
 * DIR\responses.txt; see tools/native/README.md. It exits on `exit`, when DIR disappears (the
 * test cleaned up), or after --max-seconds (default 1800) so a crashed test run cannot leave it
 * keeping the wineserver alive forever.
 *
 * Names go through UNICODE_STRINGs with explicit lengths, so NUL inside a name is created
 * exactly as written. */
#include "nt.h"
#include <sddl.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

NTSYSAPI NTSTATUS NTAPI NtSetEvent(HANDLE, PLONG);
NTSYSAPI NTSTATUS NTAPI NtResetEvent(HANDLE, PLONG);

typedef struct {
  WCHAR *path;
  size_t len;
  const char *type;
  HANDLE handle;
  WCHAR *target; /* symbolic links only */
  size_t target_len;
  int manifest;  /* listed in the manifest's objects (visible from the root) */
  int hostile;
  const char *state; /* JSON fragment for the expected type state, or NULL */
} Obj;

/* Each object is allocated on its own so pointers to it stay valid while the table grows. */
static Obj **objs;
static size_t nobjs, capobjs;

static WCHAR *wdup(const WCHAR *s, size_t n) {
  WCHAR *d = malloc((n + 1) * sizeof(WCHAR));
  memcpy(d, s, n * sizeof(WCHAR));
  d[n] = 0;
  return d;
}

static WCHAR *join(const WCHAR *dir, size_t dlen, const WCHAR *name, size_t nlen, size_t *outlen) {
  WCHAR *p = malloc((dlen + 1 + nlen + 1) * sizeof(WCHAR));
  memcpy(p, dir, dlen * sizeof(WCHAR));
  p[dlen] = L'\\';
  memcpy(p + dlen + 1, name, nlen * sizeof(WCHAR));
  *outlen = dlen + 1 + nlen;
  p[*outlen] = 0;
  return p;
}

static const char *type_name(const char *t) {
  static const char *known[] = {"Directory", "Event", "Mutant", "Semaphore", "Section", "Timer", "SymbolicLink"};
  for (size_t i = 0; i < sizeof known / sizeof *known; i++)
    if (_stricmp(t, known[i]) == 0) return known[i];
  return NULL;
}

/* Creates one named object by full path. */
static NTSTATUS create_raw(const char *type, const WCHAR *path, size_t len, const WCHAR *target, size_t tlen,
                           PSECURITY_DESCRIPTOR sd, HANDLE *h) {
  UNICODE_STRING us, ts;
  OBJECT_ATTRIBUTES oa;
  us_init(&us, path, len);
  oa_init(&oa, &us, NULL, OBJ_CASE_INSENSITIVE, sd);
  if (strcmp(type, "Directory") == 0) return NtCreateDirectoryObject(h, DIRECTORY_ALL_ACCESS_, &oa);
  if (strcmp(type, "Event") == 0) return NtCreateEvent(h, EVENT_ALL_ACCESS, &oa, NotificationEvent_, FALSE);
  if (strcmp(type, "Mutant") == 0) return NtCreateMutant(h, MUTANT_ALL_ACCESS, &oa, FALSE);
  if (strcmp(type, "Semaphore") == 0) return NtCreateSemaphore(h, SEMAPHORE_ALL_ACCESS, &oa, 2, 5);
  if (strcmp(type, "Timer") == 0) return NtCreateTimer(h, TIMER_ALL_ACCESS, &oa, NotificationTimer_);
  if (strcmp(type, "Section") == 0) {
    LARGE_INTEGER size;
    size.QuadPart = 65536;
    return NtCreateSection(h, SECTION_ALL_ACCESS, &oa, &size, PAGE_READWRITE, SEC_COMMIT, NULL);
  }
  if (strcmp(type, "SymbolicLink") == 0) {
    us_init(&ts, target ? target : L"", target ? tlen : 0);
    return NtCreateSymbolicLinkObject(h, SYMBOLIC_LINK_ALL_ACCESS_, &oa, &ts);
  }
  return (NTSTATUS)0xC000000DL; /* STATUS_INVALID_PARAMETER */
}

static Obj *add(const char *type, WCHAR *path, size_t len, HANDLE h, const WCHAR *target, size_t tlen) {
  if (nobjs == capobjs) objs = realloc(objs, (capobjs = capobjs ? capobjs * 2 : 256) * sizeof(Obj *));
  Obj *o = malloc(sizeof(Obj));
  objs[nobjs++] = o;
  memset(o, 0, sizeof *o);
  o->path = path;
  o->len = len;
  o->type = type;
  o->handle = h;
  if (target) {
    o->target = wdup(target, tlen);
    o->target_len = tlen;
  }
  return o;
}

static void die(const char *what, const WCHAR *path, size_t len, NTSTATUS st) {
  fprintf(stderr, "objhelper: %s ", what);
  json_wstr(stderr, path, len);
  fprintf(stderr, " failed: 0x%08lX\n", (unsigned long)st);
  exit(3);
}

/* Creates a child of `dir` and records it for the manifest. */
static Obj *make(const char *type, const WCHAR *dir, size_t dlen, const WCHAR *name, size_t nlen, const WCHAR *target,
                 size_t tlen) {
  size_t len;
  WCHAR *path = join(dir, dlen, name, nlen, &len);
  HANDLE h;
  NTSTATUS st = create_raw(type, path, len, target, tlen, NULL, &h);
  if (!NT_SUCCESS(st)) die(type, path, len, st);
  Obj *o = add(type, path, len, h, target, tlen);
  o->manifest = 1;
  return o;
}

#define L_(s) s, (sizeof(s) / sizeof(WCHAR) - 1)

static size_t to_wide(const char *s, WCHAR **out) {
  int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
  *out = malloc(n * sizeof(WCHAR));
  MultiByteToWideChar(CP_UTF8, 0, s, -1, *out, n);
  return (size_t)(n - 1);
}

/* ---- files ---------------------------------------------------------------------------- */

static WCHAR *dir_w;

static WCHAR *in_dir(const WCHAR *file) {
  size_t n = wcslen(dir_w) + 1 + wcslen(file) + 1;
  WCHAR *p = malloc(n * sizeof(WCHAR));
  swprintf(p, n, L"%ls\\%ls", dir_w, file);
  return p;
}

/* Written under a temporary name and renamed, so a reader never sees half a file. */
static FILE *open_tmp(const WCHAR *final, WCHAR **tmp) {
  size_t n = wcslen(final) + 5;
  *tmp = malloc(n * sizeof(WCHAR));
  swprintf(*tmp, n, L"%ls.tmp", final);
  FILE *f = _wfopen(*tmp, L"wb");
  if (!f) {
    fprintf(stderr, "objhelper: cannot write %ls\n", *tmp);
    exit(3);
  }
  return f;
}

static void commit_tmp(FILE *f, WCHAR *tmp, const WCHAR *final) {
  fclose(f);
  if (!MoveFileExW(tmp, final, MOVEFILE_REPLACE_EXISTING)) {
    fprintf(stderr, "objhelper: rename failed (%lu)\n", GetLastError());
    exit(3);
  }
  free(tmp);
}

/* ---- serve: the integration-test namespace ---------------------------------------------- */

static void write_obj(FILE *f, const Obj *o, int first) {
  fputs(first ? "\n    {\"path\": " : ",\n    {\"path\": ", f);
  json_wstr(f, o->path, o->len);
  const WCHAR *name = o->path + o->len;
  while (name > o->path && name[-1] != L'\\') name--;
  fputs(", \"name\": ", f);
  json_wstr(f, name, (size_t)(o->path + o->len - name));
  fprintf(f, ", \"type\": \"%s\", \"target\": ", o->type);
  if (o->target) json_wstr(f, o->target, o->target_len);
  else fputs("null", f);
  if (o->state) fprintf(f, ", \"state\": %s", o->state);
  fputs("}", f);
}

static void serve_setup(const WCHAR *root, size_t rlen, int big, const char *root_utf8) {
  HANDLE h;
  NTSTATUS st = create_raw("Directory", root, rlen, NULL, 0, NULL, &h);
  if (!NT_SUCCESS(st)) die("root Directory", root, rlen, st);
  add("Directory", wdup(root, rlen), rlen, h, NULL, 0);

  /* One of each type, with states the tests can check. */
  Obj *ev = make("Event", root, rlen, L_(L"event-signaled"), NULL, 0);
  NtSetEvent(ev->handle, NULL);
  ev->state = "{\"kind\": \"event\", \"eventType\": \"notification\", \"signaled\": true}";
  {
    size_t len;
    WCHAR *path = join(root, rlen, L_(L"event-sync"), &len);
    UNICODE_STRING us;
    OBJECT_ATTRIBUTES oa;
    us_init(&us, path, len);
    oa_init(&oa, &us, NULL, OBJ_CASE_INSENSITIVE, NULL);
    st = NtCreateEvent(&h, EVENT_ALL_ACCESS, &oa, SynchronizationEvent_, FALSE);
    if (!NT_SUCCESS(st)) die("Event", path, len, st);
    Obj *o = add("Event", path, len, h, NULL, 0);
    o->manifest = 1;
    o->state = "{\"kind\": \"event\", \"eventType\": \"synchronization\", \"signaled\": false}";
  }
  make("Mutant", root, rlen, L_(L"mutant"), NULL, 0)->state =
      "{\"kind\": \"mutant\", \"count\": 1, \"abandoned\": false}";
  make("Semaphore", root, rlen, L_(L"semaphore"), NULL, 0)->state =
      "{\"kind\": \"semaphore\", \"count\": 2, \"maximum\": 5}";
  make("Section", root, rlen, L_(L"section"), NULL, 0)->state = "{\"kind\": \"section\", \"size\": \"65536\"}";
  make("Timer", root, rlen, L_(L"timer"), NULL, 0)->state = "{\"kind\": \"timer\", \"signaled\": false}";

  /* Symbolic links: to an object, two hops, to a directory, dangling, a two-link loop. */
  size_t tl;
  WCHAR *t = join(root, rlen, L_(L"event-signaled"), &tl);
  make("SymbolicLink", root, rlen, L_(L"link-to-event"), t, tl);
  t = join(root, rlen, L_(L"link-to-event"), &tl);
  make("SymbolicLink", root, rlen, L_(L"link-chain"), t, tl);
  t = join(root, rlen, L_(L"nested"), &tl);
  make("SymbolicLink", root, rlen, L_(L"link-to-dir"), t, tl);
  t = join(root, rlen, L_(L"does-not-exist"), &tl);
  make("SymbolicLink", root, rlen, L_(L"link-dangling"), t, tl);
  t = join(root, rlen, L_(L"link-loop-b"), &tl);
  make("SymbolicLink", root, rlen, L_(L"link-loop-a"), t, tl);
  t = join(root, rlen, L_(L"link-loop-a"), &tl);
  make("SymbolicLink", root, rlen, L_(L"link-loop-b"), t, tl);

  /* Hostile names: everything but `\` is legal in an object name. */
  static const struct { const WCHAR *s; size_t n; } hostile[] = {
      {L_(L"nul\0inside")},
      {L_(L"__proto__")},
      {L_(L"constructor")},
      {L_(L"toString")},
      {L_(L"a/b")},
      {L_(L"<img src=x onerror=alert(1)>")},
      {L_(L"emoji \xD83D\xDE00\xD83E\xDDEA")},
      {L_(L"trailing space ")},
      {L_(L" leading space")},
      {L_(L"..")},
      {L_(L"quote\"and'apos")},
      {L_(L"line\nbreak\ttab")},
      {L_(L"%s%n%x")},
      {L_(L"lone \xD800 surrogate")},
  };
  for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++)
    make("Event", root, rlen, hostile[i].s, hostile[i].n, NULL, 0)->hostile = 1;
  {
    WCHAR longname[241];
    wcscpy(longname, L"long-");
    for (int i = 5; i < 240; i++) longname[i] = (WCHAR)(L'a' + (i % 26));
    longname[240] = 0;
    make("Event", root, rlen, longname, 240, NULL, 0)->hostile = 1;
  }
  /* A hostile directory holding hostile children, so path joining is exercised too. */
  Obj *hd = make("Directory", root, rlen, L_(L"<dir a/b> \xD83D\xDE00"), NULL, 0);
  hd->hostile = 1;
  WCHAR *hdp = hd->path;
  size_t hdl = hd->len;
  make("Event", hdp, hdl, L_(L"__proto__"), NULL, 0)->hostile = 1;
  make("Mutant", hdp, hdl, L_(L"nul\0child\0"), NULL, 0)->hostile = 1;
  make("Directory", hdp, hdl, L_(L".."), NULL, 0)->hostile = 1;

  /* Nested directories with something at each level. */
  Obj *d = make("Directory", root, rlen, L_(L"nested"), NULL, 0);
  for (int level = 1; level <= 4; level++) {
    WCHAR *dp = d->path;
    size_t dl = d->len;
    make("Event", dp, dl, L_(L"leaf"), NULL, 0);
    make("Semaphore", dp, dl, L_(L"count"), NULL, 0);
    WCHAR name[16];
    int n = swprintf(name, 16, L"level%d", level);
    d = make("Directory", dp, dl, name, (size_t)n, NULL, 0);
  }

  /* A big directory (the listing must page through it). */
  Obj *bigd = make("Directory", root, rlen, L_(L"big"), NULL, 0);
  WCHAR *bp = bigd->path;
  size_t bl = bigd->len;
  for (int i = 0; i < big; i++) {
    WCHAR name[16];
    int n = swprintf(name, 16, L"e%05d", i);
    make("Event", bp, bl, name, (size_t)n, NULL, 0);
  }

  /* A directory whose DACL is empty: nobody (owner included) may list it. */
  Obj *den = make("Directory", root, rlen, L_(L"denied"), NULL, 0);
  Obj *hidden = make("Event", den->path, den->len, L_(L"hidden"), NULL, 0);
  hidden->manifest = 0;
  SECURITY_DESCRIPTOR sd;
  ACL acl;
  InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
  InitializeAcl(&acl, sizeof acl, ACL_REVISION);
  SetSecurityDescriptorDacl(&sd, TRUE, &acl, FALSE);
  NTSTATUS set = NtSetSecurityObject(den->handle, DACL_SECURITY_INFORMATION, &sd);
  UNICODE_STRING us;
  OBJECT_ATTRIBUTES oa;
  us_init(&us, den->path, den->len);
  oa_init(&oa, &us, NULL, OBJ_CASE_INSENSITIVE, NULL);
  NTSTATUS probe = NtOpenDirectoryObject(&h, DIRECTORY_QUERY, &oa);
  if (NT_SUCCESS(probe)) NtClose(h);

  /* The manifest. */
  WCHAR *final = in_dir(L"manifest.json"), *tmp;
  FILE *f = open_tmp(final, &tmp);
  fprintf(f, "{\n  \"mode\": \"serve\",\n  \"pid\": %lu,\n  \"root\": ", GetCurrentProcessId());
  json_wstr(f, root, rlen);
  fputs(",\n  \"big\": {\"path\": ", f);
  json_wstr(f, bp, bl);
  fprintf(f, ", \"count\": %d},\n  \"denied\": {\"path\": ", big);
  json_wstr(f, den->path, den->len);
  fprintf(f, ", \"setSecurityStatus\": %lu, \"openStatus\": %lu, \"enforced\": %s, \"hidden\": [",
          (unsigned long)set, (unsigned long)probe, probe == (NTSTATUS)0xC0000022L ? "true" : "false");
  json_wstr(f, hidden->path, hidden->len);
  fputs("]},\n  \"links\": {", f);
  static const char *link_keys[][2] = {{"link-to-event", "toObject"}, {"link-chain", "chain"},
                                       {"link-to-dir", "toDirectory"}, {"link-dangling", "dangling"},
                                       {"link-loop-a", "loopA"},       {"link-loop-b", "loopB"}};
  for (size_t i = 0; i < 6; i++) {
    size_t pl;
    WCHAR *lp, wn[32];
    int n = MultiByteToWideChar(CP_UTF8, 0, link_keys[i][0], -1, wn, 32) - 1;
    lp = join(root, rlen, wn, (size_t)n, &pl);
    fprintf(f, "%s\"%s\": ", i ? ", " : "", link_keys[i][1]);
    json_wstr(f, lp, pl);
    free(lp);
  }
  fputs("},\n  \"hostile\": [", f);
  int first = 1;
  for (size_t i = 0; i < nobjs; i++)
    if (objs[i]->hostile) {
      fputs(first ? "\n    " : ",\n    ", f);
      json_wstr(f, objs[i]->path, objs[i]->len);
      first = 0;
    }
  fputs("\n  ],\n  \"objects\": [", f);
  first = 1;
  for (size_t i = 0; i < nobjs; i++)
    if (objs[i]->manifest) {
      write_obj(f, objs[i], first);
      first = 0;
    }
  fputs("\n  ]\n}\n", f);
  commit_tmp(f, tmp, final);
  (void)root_utf8;
}

/* ---- populate: a realistic namespace for the benchmark ---------------------------------- */

static void populate(const WCHAR *root, size_t rlen, long count) {
  HANDLE h;
  NTSTATUS st = create_raw("Directory", root, rlen, NULL, 0, NULL, &h);
  if (!NT_SUCCESS(st)) die("root Directory", root, rlen, st);
  add("Directory", wdup(root, rlen), rlen, h, NULL, 0);
  /* Directory sizes like a real namespace: mostly small, a few hundreds, one in the thousands. */
  static const int sizes[] = {5, 12, 40, 8, 150, 25, 3, 600, 60, 20, 2500, 10, 30, 90, 6, 300};
  long made = 0, dirs = 0, links = 0;
  int area = -1, largest_size = 0;
  Obj *largest = NULL;
  Obj *area_dir = NULL;
  for (int k = 0; made < count; k++) {
    if (k % 8 == 0) {
      WCHAR an[24];
      int n = swprintf(an, 24, L"area%03d", ++area);
      area_dir = make("Directory", root, rlen, an, (size_t)n, NULL, 0);
      made++, dirs++;
    }
    WCHAR dn[24];
    int n = swprintf(dn, 24, L"dir%05d", k);
    Obj *d = make("Directory", area_dir->path, area_dir->len, dn, (size_t)n, NULL, 0);
    WCHAR *dp = d->path;
    size_t dl = d->len;
    made++, dirs++;
    int size = sizes[k % (sizeof sizes / sizeof *sizes)];
    if (size > largest_size) largest_size = size, largest = d;
    for (int i = 0; i < size && made < count; i++, made++) {
      WCHAR name[32];
      int m = i % 20;
      if (m < 14) {
        n = swprintf(name, 32, L"Event_%d_{%08x}", i, (unsigned)(k * 7919 + i));
        make("Event", dp, dl, name, (size_t)n, NULL, 0);
      } else if (m < 16) {
        n = swprintf(name, 32, L"Mutant_%d", i);
        make("Mutant", dp, dl, name, (size_t)n, NULL, 0);
      } else if (m < 18) {
        n = swprintf(name, 32, L"Semaphore_%d", i);
        make("Semaphore", dp, dl, name, (size_t)n, NULL, 0);
      } else if (m < 19) {
        n = swprintf(name, 32, L"Link_%d", i);
        size_t tl;
        WCHAR *t = join(dp, dl, L_(L"Event_0"), &tl);
        make("SymbolicLink", dp, dl, name, (size_t)n, t, tl);
        free(t);
        links++;
      } else {
        n = swprintf(name, 32, L"Timer_%d", i);
        make("Timer", dp, dl, name, (size_t)n, NULL, 0);
      }
    }
  }
  WCHAR *final = in_dir(L"manifest.json"), *tmp;
  FILE *f = open_tmp(final, &tmp);
  fprintf(f, "{\"mode\": \"populate\", \"pid\": %lu, \"root\": ", GetCurrentProcessId());
  json_wstr(f, root, rlen);
  fprintf(f, ", \"objects\": %ld, \"directories\": %ld, \"links\": %ld, \"largest\": {\"path\": ", made, dirs, links);
  json_wstr(f, largest->path, largest->len);
  fprintf(f, ", \"planned\": %d}}\n", largest_size);
  commit_tmp(f, tmp, final);
}

/* ---- commands --------------------------------------------------------------------------- */

/* Decodes a JSON string literal at *p into UTF-16; returns its length or -1. */
static long parse_json_string(const char **p, WCHAR *out, size_t cap) {
  const char *s = *p;
  while (*s == ' ') s++;
  if (*s++ != '"') return -1;
  size_t n = 0;
  /* Non-ASCII arrives as UTF-8: collect bytes and convert runs of them at once. */
  while (*s && *s != '"') {
    if (n + 2 >= cap) return -1;
    if (*s == '\\') {
      s++;
      switch (*s) {
        case 'n': out[n++] = L'\n'; break;
        case 't': out[n++] = L'\t'; break;
        case 'r': out[n++] = L'\r'; break;
        case 'b': out[n++] = L'\b'; break;
        case 'f': out[n++] = L'\f'; break;
        case 'u': {
          unsigned v = 0;
          for (int i = 1; i <= 4; i++) {
            char c = s[i];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
            else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
            else return -1;
          }
          out[n++] = (WCHAR)v;
          s += 4;
          break;
        }
        case 0: return -1;
        default: out[n++] = (WCHAR)(unsigned char)*s; break;
      }
      s++;
    } else if ((unsigned char)*s < 0x80) {
      out[n++] = (WCHAR)*s++;
    } else {
      const char *start = s;
      while ((unsigned char)*s >= 0x80) s++;
      int m = MultiByteToWideChar(CP_UTF8, 0, start, (int)(s - start), out + n, (int)(cap - n - 1));
      if (m <= 0) return -1;
      n += (size_t)m;
    }
  }
  if (*s != '"') return -1;
  /* `sd` hands the buffer to SDDL functions as a C string: without the NUL a shorter SDDL kept the
   * tail of a longer one sent before it. */
  out[n] = 0;
  *p = s + 1;
  return (long)n;
}

static Obj *find(const WCHAR *path, size_t len) {
  for (size_t i = nobjs; i-- > 0;)
    if (objs[i]->handle && objs[i]->len == len && memcmp(objs[i]->path, path, len * sizeof(WCHAR)) == 0) return objs[i];
  return NULL;
}

static WCHAR pathbuf[40000], targetbuf[40000];

/* Returns 0 to keep going, 1 on exit. `reply` receives the response text after the id. */
static int run_command(char *line, char *reply, size_t rcap) {
  char verb[32] = {0};
  const char *p = line;
  int n = 0;
  if (sscanf(p, "%31s%n", verb, &n) != 1) {
    snprintf(reply, rcap, "error bad-command");
    return 0;
  }
  p += n;
  if (strcmp(verb, "exit") == 0) {
    snprintf(reply, rcap, "ok");
    return 1;
  }
  if (strcmp(verb, "create") == 0) {
    char tbuf[32] = {0};
    if (sscanf(p, "%31s%n", tbuf, &n) != 1) goto bad;
    p += n;
    const char *type = type_name(tbuf);
    if (!type) goto bad;
    long len = parse_json_string(&p, pathbuf, sizeof pathbuf / sizeof(WCHAR));
    if (len < 0) goto bad;
    long tlen = 0;
    if (strcmp(type, "SymbolicLink") == 0 && (tlen = parse_json_string(&p, targetbuf, sizeof targetbuf / sizeof(WCHAR))) < 0)
      goto bad;
    HANDLE h;
    NTSTATUS st = create_raw(type, pathbuf, (size_t)len, tlen ? targetbuf : NULL, (size_t)tlen, NULL, &h);
    if (!NT_SUCCESS(st)) {
      snprintf(reply, rcap, "error 0x%08lX", (unsigned long)st);
      return 0;
    }
    add(type, wdup(pathbuf, (size_t)len), (size_t)len, h, tlen ? targetbuf : NULL, (size_t)tlen);
    snprintf(reply, rcap, "ok");
    return 0;
  }
  if (strcmp(verb, "delete") == 0 || strcmp(verb, "set") == 0 || strcmp(verb, "reset") == 0) {
    long len = parse_json_string(&p, pathbuf, sizeof pathbuf / sizeof(WCHAR));
    if (len < 0) goto bad;
    Obj *o = find(pathbuf, (size_t)len);
    if (!o) {
      snprintf(reply, rcap, "error not-held");
      return 0;
    }
    NTSTATUS st;
    if (verb[0] == 'd') {
      st = NtClose(o->handle);
      o->handle = NULL;
    } else {
      st = verb[0] == 's' ? NtSetEvent(o->handle, NULL) : NtResetEvent(o->handle, NULL);
    }
    if (NT_SUCCESS(st)) snprintf(reply, rcap, "ok");
    else snprintf(reply, rcap, "error 0x%08lX", (unsigned long)st);
    return 0;
  }
  if (strcmp(verb, "dacl") == 0) {
    /* dacl "PATH" MASK: the held object's DACL becomes one ACE granting Everyone MASK (hex). */
    long len = parse_json_string(&p, pathbuf, sizeof pathbuf / sizeof(WCHAR));
    unsigned long mask;
    if (len < 0 || sscanf(p, "%lx", &mask) != 1) goto bad;
    Obj *o = find(pathbuf, (size_t)len);
    if (!o) {
      snprintf(reply, rcap, "error not-held");
      return 0;
    }
    SID_IDENTIFIER_AUTHORITY world = {SECURITY_WORLD_SID_AUTHORITY};
    PSID everyone = NULL;
    union { ACL acl; BYTE bytes[128]; } acl;
    SECURITY_DESCRIPTOR sd;
    if (!AllocateAndInitializeSid(&world, 1, SECURITY_WORLD_RID, 0, 0, 0, 0, 0, 0, 0, &everyone)) goto bad;
    InitializeAcl(&acl.acl, sizeof acl, ACL_REVISION);
    AddAccessAllowedAce(&acl.acl, ACL_REVISION, (DWORD)mask, everyone);
    InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
    SetSecurityDescriptorDacl(&sd, TRUE, &acl.acl, FALSE);
    NTSTATUS st = NtSetSecurityObject(o->handle, DACL_SECURITY_INFORMATION, &sd);
    FreeSid(everyone);
    if (NT_SUCCESS(st)) snprintf(reply, rcap, "ok");
    else snprintf(reply, rcap, "error 0x%08lX", (unsigned long)st);
    return 0;
  }
  if (strcmp(verb, "sd") == 0) {
    /* sd "PATH" "SDDL": the held object gets the security descriptor SDDL describes, setting only
     * the parts SDDL names (O: owner, G: group, D: DACL, S: label), so the sample can show deny
     * ACEs, NULL and empty DACLs, an integrity label and OWNER RIGHTS. Wine stores what is set
     * even where it does not enforce it (no integrity checks), which is all the sample needs. */
    long len = parse_json_string(&p, pathbuf, sizeof pathbuf / sizeof(WCHAR));
    if (len < 0) goto bad;
    long slen = parse_json_string(&p, targetbuf, sizeof targetbuf / sizeof(WCHAR));
    if (slen < 0) goto bad;
    Obj *o = find(pathbuf, (size_t)len);
    if (!o) {
      snprintf(reply, rcap, "error not-held");
      return 0;
    }
    PSECURITY_DESCRIPTOR sd = NULL;
    SECURITY_DESCRIPTOR bare;
    ACL empty;
    int null_dacl = wcscmp(targetbuf, L"D:NO_ACCESS_CONTROL") == 0;
    if (null_dacl || wcscmp(targetbuf, L"D:") == 0) {
      /* Both built by hand, as the SDDL docs define them (NO_ACCESS_CONTROL: a NULL DACL; "D:"
       * with no ACE: an empty one). Under Wine 8 what is stored still depends on the calls made
       * before (scripts/make-sample.mjs sets its NULL DACL first). */
      InitializeSecurityDescriptor(&bare, SECURITY_DESCRIPTOR_REVISION);
      InitializeAcl(&empty, sizeof empty, ACL_REVISION);
      SetSecurityDescriptorDacl(&bare, TRUE, null_dacl ? NULL : &empty, FALSE);
      NTSTATUS st = NtSetSecurityObject(o->handle, DACL_SECURITY_INFORMATION, &bare);
      if (NT_SUCCESS(st)) snprintf(reply, rcap, "ok");
      else snprintf(reply, rcap, "error 0x%08lX", (unsigned long)st);
      return 0;
    }
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(targetbuf, SDDL_REVISION_1, &sd, NULL)) {
      snprintf(reply, rcap, "error sddl-%lu", (unsigned long)GetLastError());
      return 0;
    }
    SECURITY_INFORMATION info = 0;
    if (wcsstr(targetbuf, L"O:")) info |= OWNER_SECURITY_INFORMATION;
    if (wcsstr(targetbuf, L"G:")) info |= GROUP_SECURITY_INFORMATION;
    if (wcsstr(targetbuf, L"D:")) info |= DACL_SECURITY_INFORMATION;
    /* A label goes in with LABEL_SECURITY_INFORMATION (no SeSecurityPrivilege needed; asking for
     * SACL_SECURITY_INFORMATION too is refused, 0xC0000022, without ACCESS_SYSTEM_SECURITY). */
    if (wcsstr(targetbuf, L"S:")) info |= LABEL_SECURITY_INFORMATION;
    NTSTATUS st = NtSetSecurityObject(o->handle, info, sd);
    LocalFree(sd);
    if (NT_SUCCESS(st)) snprintf(reply, rcap, "ok");
    else snprintf(reply, rcap, "error 0x%08lX", (unsigned long)st);
    return 0;
  }
  if (strcmp(verb, "probe") == 0) {
    /* probe TYPE "PATH" ACCESS: opens PATH by name (Directory or Event) asking ACCESS (hex) and
     * answers "ok 0xSTATUS", so a test can show which access the DACL really grants. */
    char tbuf[32] = {0};
    if (sscanf(p, "%31s%n", tbuf, &n) != 1) goto bad;
    p += n;
    long len = parse_json_string(&p, pathbuf, sizeof pathbuf / sizeof(WCHAR));
    unsigned long access;
    if (len < 0 || sscanf(p, "%lx", &access) != 1) goto bad;
    UNICODE_STRING us;
    OBJECT_ATTRIBUTES oa;
    us_init(&us, pathbuf, (size_t)len);
    oa_init(&oa, &us, NULL, OBJ_CASE_INSENSITIVE, NULL);
    HANDLE h = NULL;
    NTSTATUS st;
    if (strcmp(tbuf, "Directory") == 0) st = NtOpenDirectoryObject(&h, (ACCESS_MASK)access, &oa);
    else if (strcmp(tbuf, "Event") == 0) st = NtOpenEvent(&h, (ACCESS_MASK)access, &oa);
    else goto bad;
    if (NT_SUCCESS(st)) NtClose(h);
    snprintf(reply, rcap, "ok 0x%08lX", (unsigned long)st);
    return 0;
  }
bad:
  snprintf(reply, rcap, "error bad-command");
  return 0;
}

static void command_loop(DWORD max_ms) {
  WCHAR *cmd_path = in_dir(L"commands.txt");
  WCHAR *resp_path = in_dir(L"responses.txt");
  WCHAR *ready_path = in_dir(L"ready");
  static char buf[1 << 20];
  size_t have = 0;
  LONGLONG offset = 0;
  DWORD start = GetTickCount();
  for (;;) {
    if (GetFileAttributesW(dir_w) == INVALID_FILE_ATTRIBUTES) return;
    if (GetTickCount() - start > max_ms) {
      fprintf(stderr, "objhelper: --max-seconds reached, exiting\n");
      return;
    }
    HANDLE f = CreateFileW(cmd_path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, 0, NULL);
    if (f != INVALID_HANDLE_VALUE) {
      LARGE_INTEGER off;
      off.QuadPart = offset;
      SetFilePointerEx(f, off, NULL, FILE_BEGIN);
      DWORD got = 0;
      if (ReadFile(f, buf + have, (DWORD)(sizeof buf - 1 - have), &got, NULL)) {
        offset += got;
        have += got;
      }
      CloseHandle(f);
      buf[have] = 0;
      char *nl;
      while ((nl = memchr(buf, '\n', have)) != NULL) {
        *nl = 0;
        char *line = buf;
        char id[32] = {0};
        int n = 0;
        char reply[128];
        int done = 0;
        if (sscanf(line, "%31s%n", id, &n) == 1) {
          done = run_command(line + n, reply, sizeof reply);
          FILE *r = _wfopen(resp_path, L"ab");
          if (r) {
            fprintf(r, "%s %s\n", id, reply);
            fclose(r);
          }
        }
        size_t used = (size_t)(nl + 1 - buf);
        memmove(buf, nl + 1, have - used);
        have -= used;
        buf[have] = 0;
        if (done) {
          DeleteFileW(ready_path);
          return;
        }
      }
    }
    Sleep(20);
  }
}

static void write_ready(void) {
  WCHAR *final = in_dir(L"ready"), *tmp;
  FILE *f = open_tmp(final, &tmp);
  fprintf(f, "{\"pid\": %lu, \"objects\": %zu}\n", GetCurrentProcessId(), nobjs);
  commit_tmp(f, tmp, final);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  const char *root = NULL, *dir = NULL;
  long count = 0, big = 3000, max_seconds = 1800;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--root") == 0) root = argv[i + 1];
    else if (strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
    else if (strcmp(argv[i], "--count") == 0) count = atol(argv[i + 1]);
    else if (strcmp(argv[i], "--big") == 0) big = atol(argv[i + 1]);
    else if (strcmp(argv[i], "--max-seconds") == 0) max_seconds = atol(argv[i + 1]);
    else root = NULL, i = argc;
  }
  int serve = strcmp(mode, "serve") == 0, pop = strcmp(mode, "populate") == 0;
  if (!(serve || pop) || !root || !dir || (pop && count <= 0) || root[0] != '\\') {
    fprintf(stderr,
            "usage: objhelper.exe serve --root NTPATH --dir DIR [--big N] [--max-seconds S]\n"
            "       objhelper.exe populate --root NTPATH --dir DIR --count N [--max-seconds S]\n");
    return 2;
  }
  to_wide(dir, &dir_w);
  WCHAR *wroot;
  size_t rlen = to_wide(root, &wroot);
  if (serve) serve_setup(wroot, rlen, (int)big, root);
  else populate(wroot, rlen, count);
  write_ready();
  command_loop((DWORD)max_seconds * 1000);
  return 0;
}
