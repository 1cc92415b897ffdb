#!/usr/bin/env node
// Regenerates apps/agent/assets/sample.objscope.gz, the data `objscope` shows where there is no
// live source (Linux, macOS). It is a real capture: the agent's own `snapshot` command run by
// Windows Node under Wine, while the Wine test helper keeps objects of every type (hostile names,
// links, a big directory) alive and the zombie helper keeps a few zombies, so the sample has
// something worth exploring. It records every process's handles (`--handles`), so a first run
// can answer "who holds it", and gives a few objects real security descriptors (SECURITY_OBJECTS).
//
//   node scripts/make-sample.mjs              capture under Wine (needs `npm run build` first)
//   node scripts/make-sample.mjs --synthetic  a small synthetic stand-in (no Wine)
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTs } from './lib/import-ts.mjs';
import { ROOT } from './lib/workspace.mjs';

const OUT = join(ROOT, 'apps', 'agent', 'assets', 'sample.objscope.gz');
const BUNDLE = join(ROOT, 'apps', 'agent', 'dist', 'objscope.mjs');
const HELPER_ROOT = '\\BaseNamedObjects\\objscope-sample';
// Objects whose security descriptors show what the Security section can say: a deny ACE, a NULL
// DACL (everyone has full access), an empty DACL (nobody has), OWNER RIGHTS limiting the owner,
// inheritance flags, and a low integrity label (the SACL objscope reads with
// LABEL_SECURITY_INFORMATION; Wine 8's wineserver stores and returns it, server/token.c
// replace_security_labels and extract_security_labels). Without these every Wine object has an
// empty descriptor (wineserver keeps none for objects created without one) and the sample shows no
// ACL.
// The NULL DACL goes first: under Wine 8, once objhelper has set a descriptor parsed from SDDL, a
// NULL DACL set afterwards is stored as an empty one (seen in this script's runs: the object then
// refuses every open). The empty DACL is the helper's own `denied` directory, set at start-up.
const SECURITY_OBJECTS = [
  ['Mutant', 'null-dacl', 'D:NO_ACCESS_CONTROL'],
  ['Event', 'deny-modify', 'D:(D;;0x2;;;WD)(A;;GA;;;WD)'],
  ['Section', 'owner-rights', 'D:(A;;RC;;;OW)(A;;GA;;;BA)(A;;GR;;;WD)'],
  ['Directory', 'inherits', 'D:(A;OICIIO;GA;;;CO)(A;OICINP;GR;;;WD)(A;;GA;;;BA)'],
  // What a program does so that a sandboxed, low-integrity process may signal its event.
  ['Event', 'low-label', 'D:(A;;GA;;;WD)S:(ML;;NW;;;LW)'],
];

async function waitFor(file, ms, what) {
  const end = Date.now() + ms;
  while (!existsSync(file)) {
    if (Date.now() > end) throw new Error(`${what} did not become ready in ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sends objhelper one command and waits for its answer (tools/native/README.md, "Commands"). */
async function command(dir, id, line) {
  appendFileSync(join(dir, 'commands.txt'), `${id} ${line}\n`);
  const end = Date.now() + 30_000;
  for (;;) {
    const responses = existsSync(join(dir, 'responses.txt')) ? readFileSync(join(dir, 'responses.txt'), 'utf8') : '';
    const answer = responses.split('\n').find((l) => l.startsWith(`${id} `));
    if (answer) {
      if (answer !== `${id} ok`) throw new Error(`objhelper: ${line}: ${answer}`);
      return;
    }
    if (Date.now() > end) throw new Error(`objhelper did not answer ${line}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function synthetic() {
  const core = await importTs(ROOT, "export { encodeSnapshot } from './packages/core/src/index.ts'; export { synthesizeSnapshot } from './packages/core/testing/index.ts';");
  const s = core.synthesizeSnapshot({ objects: 2000, seed: 1 });
  s.meta.description = 'Synthetic stand-in for the Wine sample (scripts/make-sample.mjs --synthetic)';
  return core.encodeSnapshot(s);
}

async function underWine() {
  if (!existsSync(BUNDLE)) throw new Error('apps/agent/dist/objscope.mjs is missing; run `npm run build` first');
  const h = await import('../tools/wine/harness.mjs');
  await h.setup();
  const work = mkdtempSync(join(tmpdir(), 'objscope-sample-'));
  const objDir = join(work, 'obj');
  const zomDir = join(work, 'zombies');
  mkdirSync(objDir);
  mkdirSync(zomDir);
  // The helpers run from a folder of the prefix's C: drive, not from the build machine's cache
  // (which Wine shows as Z:\<repository>\.cache\...): their image paths are in the sample's
  // zombie list, and a shipped file should not name the folder it was built in.
  const programs = join(h.prefixDir(), 'drive_c', 'objscope-sample');
  mkdirSync(programs, { recursive: true });
  for (const name of ['objhelper', 'zombiehelper']) copyFileSync(h.nativeExe(name), join(programs, `${name}.exe`));
  const objhelper = h.spawnExe(join(programs, 'objhelper.exe'), ['serve', '--root', HELPER_ROOT, '--dir', h.toWindowsPath(objDir), '--big', '3000', '--max-seconds', '600']);
  const zombies = h.spawnExe(join(programs, 'zombiehelper.exe'), ['--dir', h.toWindowsPath(zomDir), '--processes', '6', '--threads', '4', '--timeout', '600']);
  try {
    await waitFor(join(objDir, 'ready'), 120_000, 'objhelper');
    await waitFor(join(zomDir, 'ready'), 120_000, 'zombiehelper');
    const secDir = `${HELPER_ROOT}\\security`;
    let id = 0;
    await command(objDir, `s${id++}`, `create Directory ${JSON.stringify(secDir)}`);
    for (const [type, name, sddl] of SECURITY_OBJECTS) {
      const path = `${secDir}\\${name}`;
      await command(objDir, `s${id++}`, `create ${type} ${JSON.stringify(path)}`);
      await command(objDir, `s${id++}`, `sd ${JSON.stringify(path)} ${JSON.stringify(sddl)}`);
    }
    const out = join(work, 'sample.objscope.gz');
    const r = await h.runNode([h.toWindowsPath(BUNDLE), 'snapshot', '--handles', '-o', h.toWindowsPath(out)], { timeoutMs: 300_000 });
    if (r.code !== 0 || !existsSync(out)) throw new Error(`objscope snapshot failed (exit ${r.code}): ${r.stderr.trim().split('\n').pop()}`);
    return readFileSync(out);
  } finally {
    appendFileSync(join(objDir, 'commands.txt'), 'x exit\n');
    writeFileSync(join(zomDir, 'command'), 'exit\n');
    await Promise.race([Promise.all([objhelper.wait(), zombies.wait()]), new Promise((r) => setTimeout(r, 5000))]);
    await objhelper.kill();
    await zombies.kill();
    rmSync(work, { recursive: true, force: true });
  }
}

const bytes = process.argv.includes('--synthetic') ? await synthetic() : await underWine();
mkdirSync(join(ROOT, 'apps', 'agent', 'assets'), { recursive: true });
writeFileSync(OUT, bytes);
console.log(`objscope: wrote ${OUT} (${statSync(OUT).size} bytes)`);
