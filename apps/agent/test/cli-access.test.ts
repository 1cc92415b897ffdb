// `objscope access` as users run it, over `--snapshot FILE` so it runs on Linux: the JSON
// contract, principals derived from the snapshot's recorded token, --find and --weak, hostile
// names, and one line plus exit code 2 for every kind of bad input. Needs the built bundle.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AccessToken, AceInfo, SecurityInfo, Snapshot, SnapshotNode } from '@objscope/core';
import { encodeSnapshot } from '@objscope/core';
import { synthesizeSnapshot } from '@objscope/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const BUNDLE = join(ROOT, 'apps', 'agent', 'dist', 'objscope.mjs');

const USER = 'S-1-5-21-7-7-7-1001';
const ace = (type: string, sid: string, mask: number, flags: string[] = []): AceInfo => ({ type, flags, mask, rights: [], sid, account: null });
const sd = (dacl: AceInfo[] | null, owner = 'S-1-5-32-544', sacl: AceInfo[] | null = null): SecurityInfo => ({ sddl: null, owner, group: null, dacl, sacl });
const HOSTILE = ['nul\u0000inside', '__proto__', '<img src=x onerror=alert(1)>', 'emoji 😀', 'x'.repeat(240)];

const SDS = {
  nullDacl: sd(null),
  emptyDacl: sd([]),
  everyoneWrites: sd([ace('ACCESS_ALLOWED', 'S-1-1-0', 0x1f0003)]),
  // The user is denied MODIFY_STATE first (ACE 0), allowed the rest (ACE 1), and owns it.
  userOnly: sd([ace('ACCESS_DENIED', USER, 0x2), ace('ACCESS_ALLOWED', USER, 0x1f0003)], USER),
  lowLabelled: sd([ace('ACCESS_ALLOWED', 'S-1-1-0', 0x1f0003)], 'S-1-5-32-544', [ace('SYSTEM_MANDATORY_LABEL', 'S-1-16-4096', 1)]),
  systemOnly: sd([ace('ACCESS_ALLOWED', 'S-1-5-18', 0x1f0003)]),
};

const TOKEN: AccessToken = {
  label: 'current',
  user: USER,
  userDenyOnly: false,
  groups: [
    { sid: 'S-1-1-0', enabled: true, denyOnly: false },
    { sid: 'S-1-5-32-545', enabled: true, denyOnly: false },
  ],
  integrity: 0x2000,
  mandatoryPolicy: 1,
  privileges: ['SeChangeNotifyPrivilege'],
  restrictedSids: null,
  writeRestricted: false,
  appContainer: null,
};

function event(name: string, security: SecurityInfo): SnapshotNode {
  return {
    name,
    type: 'Event',
    target: null,
    error: null,
    details: { basic: { ok: false, error: { status: 0xc00000bb, name: 'STATUS_NOT_SUPPORTED' } }, security: { ok: true, value: security }, state: null },
  };
}

function fixture(token: AccessToken | undefined): Snapshot {
  const base = synthesizeSnapshot({ objects: 50, seed: 24 });
  const acl: SnapshotNode = {
    name: 'acl',
    type: 'Directory',
    target: null,
    error: null,
    children: [
      ...Object.entries(SDS).map(([n, s]) => event(n, s)),
      { name: 'hostile', type: 'Directory', target: null, error: null, children: HOSTILE.map((n) => event(n, SDS.everyoneWrites)) },
    ],
  };
  base.root.children = [...(base.root.children ?? []).filter((c) => c.name !== 'acl'), acl];
  return { ...base, meta: { ...base.meta, ...(token ? { token } : {}) } };
}

let tmp: string;
let file: string;
let tokenless: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'objscope-cli-access-'));
  file = join(tmp, 'acl.objscope.gz');
  tokenless = join(tmp, 'tokenless.objscope.gz');
  writeFileSync(file, encodeSnapshot(fixture(TOKEN)));
  writeFileSync(tokenless, encodeSnapshot(fixture(undefined)));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function json<T>(args: string[]): T {
  const r = run([...args, '--json', '--snapshot', file]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

interface Report {
  path: string;
  type: string;
  principals: { principal: string; granted: number; rights: string[]; decidedBy: { ace: number | null; effect: string; rule: string; rights: string[] }[] }[];
}

describe('objscope access PATH --json --snapshot', () => {
  it('answers for the capturing user by default, with the deciding ACE of each right by index', () => {
    const r = json<Report>(['access', '\\acl\\userOnly']);
    expect(r.path).toBe('\\acl\\userOnly');
    expect(r.type).toBe('Event');
    expect(r.principals).toHaveLength(1);
    const p = r.principals[0]!;
    expect(p.principal).toBe('current');
    expect(p.granted).toBe(0x1f0001);
    expect(p.rights).toEqual(['QUERY_STATE', 'DELETE', 'READ_CONTROL', 'WRITE_DAC', 'WRITE_OWNER', 'SYNCHRONIZE']);
    // The owner's implied rights come first, then ACE 0 denies MODIFY_STATE, ACE 1 allows the rest.
    expect(p.decidedBy.map((d) => [d.ace, d.effect])).toEqual([[null, 'allow'], [0, 'deny'], [1, 'allow']]);
    expect(p.decidedBy[1]!.rights).toEqual(['MODIFY_STATE']);
    expect(Object.keys(r)).toEqual(['path', 'type', 'principals']);
  });

  it('answers for several principals at once: low loses write rights to the medium default label, not to a low one', () => {
    const medium = json<Report>(['access', '\\acl\\everyoneWrites', '--as', 'current', '--as', 'low', '--as', 'S-1-5-18,S-1-1-0@system']);
    expect(medium.principals.map((p) => [p.principal, p.granted])).toEqual([
      ['current', 0x1f0003],
      ['low', 0x120001],
      ['S-1-5-18,S-1-1-0@system', 0x1f0003],
    ]);
    expect(medium.principals[1]!.decidedBy.at(-1)!.rule).toMatch(/integrity label S-1-16-8192 \(NO_WRITE_UP\)/);
    const low = json<Report>(['access', '\\acl\\lowLabelled', '--as', 'low']);
    expect(low.principals[0]!.granted).toBe(0x1f0003);
  });

  it('shows an AppContainer nothing where no package SID is named, and a NULL DACL as open to all but write-up', () => {
    expect(json<Report>(['access', '\\acl\\everyoneWrites', '--as', 'appcontainer:internetClient']).principals[0]!.granted).toBe(0);
    const open = json<Report>(['access', '\\acl\\nullDacl', '--as', 'everyone', '--as', 'anonymous']);
    // Anonymous is untrusted: a medium object's write rights are beyond it even with a NULL DACL.
    expect(open.principals.map((p) => p.granted)).toEqual([0x1f0003, 0x120001]);
  });

  it('prints a readable answer without --json, hostile names escaped', () => {
    const r = run(['access', '\\acl\\userOnly', '--snapshot', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('current (S-1-5-21-7-7-7-1001, medium): QUERY_STATE | DELETE');
    expect(r.stdout).toContain('- ACE 0 denies: MODIFY_STATE');
    // argv cannot carry a NUL; the other hostile names go through as typed.
    const h = run(['access', '\\acl\\hostile\\<img src=x onerror=alert(1)>', '--as', 'everyone', '--snapshot', file]);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('\\acl\\hostile\\<img src=x onerror=alert(1)> [Event]');
    expect(h.stdout).toContain('everyone (S-1-1-0, medium): EVENT_ALL_ACCESS');
  });
});

describe('objscope access --find', () => {
  type Found = { principal: string; scanned: number; unknown: number; evaluations: number; truncated: boolean; hits: { path: string; type: string; granted: number }[] };

  it('lists every object the principal may modify, hostile names exact, each distinct descriptor evaluated once', () => {
    const f = json<Found>(['access', '--find', '--as', 'everyone', '--rights', 'modify', '--under', '\\acl']);
    expect(f.hits.map((h) => h.path).sort()).toEqual(
      ['\\acl\\nullDacl', '\\acl\\everyoneWrites', '\\acl\\lowLabelled', ...HOSTILE.map((n) => `\\acl\\hostile\\${n}`)].sort(),
    );
    // nullDacl, emptyDacl, everyoneWrites (shared by the five hostile events), userOnly, lowLabelled, systemOnly.
    expect(f.evaluations).toBe(6);
    expect(f.truncated).toBe(false);
  });

  it('asks for named rights: all of them must be granted (the bare user: the NULL DACL, and what it owns)', () => {
    const f = json<Found>(['access', '--find', '--as', USER, '--rights', 'WRITE_DAC,query_state', '--under', '\\acl']);
    expect(f.hits.map((h) => h.path).sort()).toEqual(['\\acl\\nullDacl', '\\acl\\userOnly']);
  });

  it('honours --limit and says the list was cut', () => {
    const f = json<Found>(['access', '--find', '--as', 'everyone', '--rights', 'write', '--under', '\\acl', '--limit', '2']);
    expect(f.hits).toHaveLength(2);
    expect(f.truncated).toBe(true);
  });
});

describe('objscope access --weak', () => {
  it('names NULL and empty DACLs and what Everyone, low integrity or AppContainers may modify', () => {
    const w = json<{ hits: { path: string; reasons: string[] }[] }>(['access', '--weak']);
    const by = new Map(w.hits.filter((h) => h.path.startsWith('\\acl\\') && !h.path.includes('hostile')).map((h) => [h.path, h.reasons]));
    expect(by.get('\\acl\\nullDacl')).toEqual(['NULL DACL', 'write for Everyone', 'write for Authenticated Users']);
    expect(by.get('\\acl\\emptyDacl')).toEqual(['empty DACL']);
    expect(by.get('\\acl\\everyoneWrites')).toEqual(['write for Everyone', 'write for Authenticated Users']);
    expect(by.get('\\acl\\lowLabelled')).toEqual(['write for Everyone', 'write for Authenticated Users', 'write for low integrity']);
    expect(by.has('\\acl\\userOnly')).toBe(false);
    expect(by.has('\\acl\\systemOnly')).toBe(false);
  });
});

describe('bad input: one line on stderr, exit code 2, nothing on stdout', () => {
  it.each([
    [['access', '\\acl\\userOnly', '--as', 'S-1-5-x'], /malformed SID "S-1-5-X"/],
    [['access', '\\acl\\userOnly', '--as', 'appcontainer:teleport'], /unknown capability "teleport"/],
    [['access', '\\acl\\userOnly', '--as', 'S-1-1-0@sideways'], /unknown integrity level "sideways"/],
    [['access', '\\acl\\userOnly', '--as', '__proto__'], /unknown principal "__proto__"/],
    [['access', '--find', '--as', 'everyone', '--rights', 'FLY'], /unknown right "FLY"/],
    [['access', '--find', '--as', 'everyone'], /--find needs --rights/],
    [['access', '--find', '--rights', 'write'], /exactly one --as/],
    [['access', '--find', '--as', 'everyone', '--rights', 'write', '--under', '\\nowhere'], /"\\\\nowhere" is not in this namespace/],
    [['access', '\\acl\\missing'], /does not exist|OBJECT_NAME_NOT_FOUND/],
    [['access'], /expected one PATH/],
    [['access', '\\acl\\userOnly', '--rights', 'write'], /go with --find/],
    [['access', '\\acl\\userOnly', '--verify'], /--verify asks the running kernel, so it needs a live source \(this is a snapshot\)/],
    [['access', '--weak', '--verify'], /--verify checks one PATH against the kernel; it does not go with --weak/],
  ])('%j', (args, message) => {
    const r = run([...args, '--snapshot', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a snapshot that recorded no token answers for SIDs, and says so for the derived principals', () => {
    const ok = run(['access', '\\acl\\everyoneWrites', '--as', 'S-1-1-0', '--json', '--snapshot', tokenless]);
    expect(ok.code).toBe(0);
    const r = run(['access', '\\acl\\everyoneWrites', '--as', 'low', '--snapshot', tokenless]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no token is known here/);
    const d = run(['access', '\\acl\\everyoneWrites', '--snapshot', tokenless]);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/name one with --as/);
  });
});
