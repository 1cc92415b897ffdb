// The zombie panel's pure logic: rows, filter, sort, by-holder grouping, CSV/JSON export.
import { describe, expect, it } from 'vitest';
import type { ZombieHolder, ZombieProcess, ZombieReport, ZombieThread } from '@objscope/core';
import { unseenSentence } from '@objscope/core';
import {
  csvCell,
  displayDosPath,
  filterRows,
  handleHex,
  holderGroups,
  holderSentence,
  rowsFor,
  sortRows,
  toCsv,
  toJson,
} from '../src/components/zombies/model';

const h = (pid: number, handle: number, imageName: string | null = `p${pid}.exe`): ZombieHolder => ({ pid, imageName, handle, grantedAccess: 0x1fffff });

function proc(pid: number, over: Partial<ZombieProcess> = {}): ZombieProcess {
  return {
    pid, imageName: `c${pid}.exe`, imagePath: `C:\\bin\\c${pid}.exe`, exitCode: pid % 7, createTime: '2026-01-01T00:00:00.000Z',
    exitTime: `2026-01-01T00:00:0${pid % 10}.000Z`, userTimeMs: 1, kernelTimeMs: 2, parentPid: 4, parentExists: true,
    objectAddress: null, holders: [h(4321, pid)], heldByKernel: false, ...over,
  };
}

function thread(tid: number, over: Partial<ZombieThread> = {}): ZombieThread {
  return { tid, pid: 900, imageName: 'svc.exe', exitCode: 0, createTime: null, exitTime: null, objectAddress: null, holders: [h(4321, tid)], ...over };
}

function report(processes: ZombieProcess[], threads: ZombieThread[] = []): ZombieReport {
  return {
    processes, threads, scannedAt: '2026-01-01T00:00:10.000Z',
    summary: { zombieProcesses: processes.length, zombieThreads: threads.length, pidsHeld: processes.length, estimatedBytes: 0, topHolders: [], holderErrors: [], handlesScanned: 0, heldByKernel: null, scanMs: 1 },
  };
}

describe('rows', () => {
  it('gives processes and threads one row shape (id, owner, image, holders)', () => {
    const r = report([proc(100)], [thread(200)]);
    expect(rowsFor(r, 'processes').map((x) => [x.id, x.owner, x.image])).toEqual([[100, 4, 'c100.exe']]);
    expect(rowsFor(r, 'threads').map((x) => [x.id, x.owner, x.image])).toEqual([[200, 900, 'svc.exe']]);
    expect(rowsFor(null, 'processes')).toEqual([]);
  });
});

describe('filterRows', () => {
  const rows = rowsFor(report([proc(100), proc(104, { imageName: 'Game.EXE', holders: [h(55, 8, 'launcher.exe')] }), proc(108)]), 'processes');
  it('matches image names case-insensitively', () => {
    expect(filterRows(rows, 'game').map((r) => r.id)).toEqual([104]);
  });
  it('matches ids and holder pids and holder names', () => {
    expect(filterRows(rows, '108').map((r) => r.id)).toEqual([108]);
    expect(filterRows(rows, 'launcher').map((r) => r.id)).toEqual([104]);
    expect(filterRows(rows, '4321').map((r) => r.id)).toEqual([100, 108]);
  });
  it('matches an exit code whole, in decimal or hex', () => {
    const withCodes = rowsFor(report([proc(100, { exitCode: 0xc0000005 }), proc(104, { exitCode: 5 })]), 'processes');
    expect(filterRows(withCodes, '0xC0000005').map((r) => r.id)).toEqual([100]);
    expect(filterRows(withCodes, '3221225477').map((r) => r.id)).toEqual([100]);
    expect(filterRows(withCodes, '5').map((r) => r.id)).toEqual([104]);
  });
  it('narrows to one holder', () => {
    expect(filterRows(rows, '', 55).map((r) => r.id)).toEqual([104]);
  });
  it('an empty filter keeps everything', () => {
    expect(filterRows(rows, '   ')).toHaveLength(3);
  });
});

describe('sortRows', () => {
  const rows = rowsFor(report([proc(108, { exitCode: 1 }), proc(100, { exitCode: 5 }), proc(104, { exitCode: 1 })]), 'processes');
  it('sorts by a column with the id as tie-breaker, both directions', () => {
    expect(sortRows(rows, 'exitCode', false).map((r) => r.id)).toEqual([104, 108, 100]);
    expect(sortRows(rows, 'exitCode', true).map((r) => r.id)).toEqual([100, 108, 104]);
    expect(sortRows(rows, 'id', false).map((r) => r.id)).toEqual([100, 104, 108]);
  });
  it('does not mutate its input', () => {
    const before = rows.map((r) => r.id);
    sortRows(rows, 'id', true);
    expect(rows.map((r) => r.id)).toEqual(before);
  });
});

describe('holderGroups', () => {
  it('counts zombies per holder once, handles every time, most zombies first', () => {
    const rows = rowsFor(
      report([proc(100, { holders: [h(10, 4), h(10, 8)] }), proc(104, { holders: [h(10, 12), h(20, 4)] }), proc(108, { holders: [h(20, 8)] }), proc(112, { holders: [h(30, 4)] })]),
      'processes',
    );
    expect(holderGroups(rows)).toEqual([
      { pid: 10, imageName: 'p10.exe', zombies: 2, handles: 3 },
      { pid: 20, imageName: 'p20.exe', zombies: 2, handles: 2 },
      { pid: 30, imageName: 'p30.exe', zombies: 1, handles: 1 },
    ]);
  });
  it('says who holds how many, in the issue’s words', () => {
    expect(holderSentence({ pid: 4321, imageName: 'GameManagerService.exe', zombies: 314, handles: 320 }, 'processes', 'GameManagerService.exe'))
      .toBe('GameManagerService.exe (pid 4321) holds 314 zombie processes');
    expect(holderSentence({ pid: 7, imageName: null, zombies: 1, handles: 1 }, 'threads', '?')).toBe('? (pid 7) holds 1 zombie thread');
  });
});

describe('exports', () => {
  it('formats handle values as upper-case hex', () => {
    expect(handleHex(0x1a4)).toBe('0x1A4');
  });

  it('quotes CSV cells that need it and defuses spreadsheet formulas in hostile names', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('trailing ')).toBe('"trailing "');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-5)).toBe('-5');
  });

  it('writes one CSV line per zombie with every holder', () => {
    const csv = toCsv(rowsFor(report([proc(100, { holders: [h(4321, 0x60), h(4321, 0x64)] })]), 'processes'), 'processes');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('pid,imageName,imagePath,exitCode,createTime,exitTime,parentPid,parentExists,heldByKernel,holderCount,holders');
    expect(lines[1]).toBe(
      '100,c100.exe,C:\\bin\\c100.exe,2,2026-01-01T00:00:00.000Z,2026-01-01T00:00:00.000Z,4,true,false,2,' +
        'p4321.exe (pid 4321) handle 0x60 access 0x001FFFFF; p4321.exe (pid 4321) handle 0x64 access 0x001FFFFF',
    );
  });

  it('exports JSON that round-trips to the same report', () => {
    const r = report([proc(100)], [thread(200)]);
    expect(JSON.parse(toJson(r))).toEqual(r);
  });
});

describe('the processes the kernel walk could not see', () => {
  it('is one sentence with both counts when the walk skipped any, and nothing when it saw all or did not run', () => {
    expect(unseenSentence({ processesNotSeen: 1, processesListed: 1200 })).toBe(
      'could not see 1 process of 1,200 listed (the kernel walk skips processes objscope cannot open): a zombie among them is not shown',
    );
    expect(unseenSentence({ processesNotSeen: 0, processesListed: 90 })).toBeNull();
    expect(unseenSentence({ processesNotSeen: null })).toBeNull();
    expect(unseenSentence({})).toBeNull();
  });
});

describe('displayDosPath', () => {
  it('keeps the separators as single backslashes and shows NUL as \\0 (never a raw NUL)', () => {
    expect(displayDosPath('C:\\dir\u0000x\\a/b <i>.exe')).toBe('C:\\dir\\0x\\a/b <i>.exe');
    expect(displayDosPath('Z:\\tmp\\zombiehelper.exe')).toBe('Z:\\tmp\\zombiehelper.exe');
  });
});
