// `objscope access PATH [--as PRINCIPAL]… [--json]`: what each principal may do to one object,
// and which ACE (or rule) decided each right. `access --find --as P --rights R [--under PATH]`:
// every object P gets those rights to. `access --weak`: NULL or empty DACLs and objects anyone,
// a low-integrity process or any AppContainer may modify. Live or `--snapshot FILE`; the engine
// is core's (access.ts), the same one the UI runs in the browser.
import type { AccessToken, ObjectSource, PrincipalAccess, RightsQuery, Snapshot } from '@objscope/core';
import {
  accessCheck,
  accessRightNames,
  describeAccess,
  findAccessible,
  findWeakSecurity,
  formatStatus,
  hex32,
  integrityName,
  NAMED_PRINCIPALS,
  parseNtPath,
  parsePrincipal,
  parseRightsQuery,
  quoteNtPath,
} from '@objscope/core';
import { color, err, escapeForTerminal, out, printJson, progressLine, shown, usageError } from '../output';
import { NOT_FOUND_STATUSES, parseCommandArgs, sourceOrExit } from './common';
import type { CliCommand } from './types';

const USAGE =
  'objscope access PATH [--as PRINCIPAL]… [--verify] [--json] [--snapshot FILE]\n' +
  '       objscope access --find --as PRINCIPAL --rights write|modify|read|RIGHT[,RIGHT] [--under PATH] [--limit N] [--json] [--snapshot FILE]\n' +
  '       objscope access --weak [--limit N] [--json] [--snapshot FILE]\n' +
  `principals:\n${NAMED_PRINCIPALS.map((p) => `  ${p.name.padEnd(22)} ${p.summary}`).join('\n')}`;

function principalsFrom(texts: string[], base: AccessToken | null): { ok: true; value: AccessToken[] } | { ok: false; message: string } {
  const list = texts.length ? texts : ['current'];
  const out: AccessToken[] = [];
  for (const t of list) {
    const p = parsePrincipal(t, base);
    if (!p.ok) return { ok: false, message: texts.length ? p.message : `${p.message}; name one with --as` };
    out.push(p.value);
  }
  return { ok: true, value: out };
}

function renderPrincipal(p: PrincipalAccess, owner: string | null): string[] {
  const head = `${color.bold(escapeForTerminal(p.principal))} (${escapeForTerminal(p.user)}, ${integrityName(p.integrity)}): ${p.granted ? `${p.rights.join(' | ')} (${hex32(p.granted)})` : color.red('no access')}`;
  const why = p.decidedBy.map((d) => `    ${d.effect === 'allow' ? color.green('+') : color.red('-')} ${d.rule}: ${d.rights.join(' | ')}`);
  if (!p.decidedBy.length) why.push(`    ${color.dim(`no ACE names it${owner ? '' : ' (and the object has no owner)'}`)}`);
  return [`  ${head}`, ...why];
}

type Verdicts = import('../access-verify').KernelCheck[];

function renderVerdict(k: Verdicts[number], type: string): string {
  if (k.noToken) return `    ${color.dim(`kernel not asked: ${k.noToken}`)}`;
  if (!k.disagreements.length) return `    ${color.green('=')} the kernel agrees (${k.checks} NtAccessCheck calls)`;
  const lines = k.disagreements.map(
    (d) => `    ${color.red('!')} DEFECT: asked ${d.asked}, the kernel grants ${d.kernel ? accessRightNames(d.kernel, type).join(' | ') : 'nothing'}, the engine ${d.engine ? accessRightNames(d.engine, type).join(' | ') : 'nothing'}`,
  );
  return [`    ${color.red('!')} the kernel disagrees on ${k.disagreements.length} of ${k.checks} checks:`, ...lines].join('\n');
}

async function explain(source: ObjectSource, path: string, principals: AccessToken[], json: boolean, verify: boolean): Promise<number> {
  const check = parseNtPath(path);
  if (!check.ok) return usageError(`access: ${check.message}`);
  const r = await source.details(path);
  if (!r.ok) {
    const msg = `access: ${quoteNtPath(path)}: ${formatStatus(r.status)}`;
    if (NOT_FOUND_STATUSES.has(r.status)) return usageError(msg);
    await err(`objscope: ${msg}`);
    return 1;
  }
  const d = r.value;
  // Without the descriptor or the type's mapping there is nothing to evaluate: say which.
  if (!d.security.ok) {
    await err(`objscope: access: ${quoteNtPath(path)}: its security descriptor is unavailable: ${formatStatus(d.security.error.status)}`);
    return 1;
  }
  if (!d.typeInfo.ok) {
    await err(`objscope: access: ${quoteNtPath(path)}: the generic mapping of type ${JSON.stringify(d.type)} is unavailable: ${formatStatus(d.typeInfo.error.status)}`);
    return 1;
  }
  const sd = d.security.value;
  const mapping = d.typeInfo.value.genericMapping;
  const results = principals.map((t) => describeAccess(accessCheck(sd, mapping, t), t, d.type));
  // The kernel's word, where a token can be made: loaded only when asked (it binds ntdll).
  const kernel = verify ? (await import('../access-verify')).askKernel(sd, mapping, d.type, principals) : null;
  const defects = kernel?.reduce((n, k) => n + k.disagreements.length, 0) ?? 0;
  if (json) {
    await printJson({ path: d.path, type: d.type, principals: results.map((p, i) => (kernel ? { ...p, kernel: kernel[i] } : p)) });
    return defects ? 3 : 0;
  }
  const lines = [`${shown(d.path)} [${escapeForTerminal(d.type)}]`, `  DACL: ${sd.dacl === null ? 'NULL (no protection)' : sd.dacl.length === 0 ? 'empty' : `${sd.dacl.length} ACEs`}; owner ${escapeForTerminal(sd.owner ?? '(none)')}`];
  results.forEach((p, i) => {
    lines.push(...renderPrincipal(p, sd.owner));
    if (kernel) lines.push(renderVerdict(kernel[i]!, d.type));
  });
  if (defects) lines.push(color.red(`objscope: the engine and the kernel disagree ${defects} time${defects === 1 ? '' : 's'}: a defect in the engine, or (under Wine) one of Wine's departures from Windows (docs/access.md)`));
  await out(lines.join('\n') + '\n');
  return defects ? 3 : 0;
}

const OPTIONS = {
  as: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  snapshot: { type: 'string' },
  find: { type: 'boolean' },
  weak: { type: 'boolean' },
  verify: { type: 'boolean' },
  rights: { type: 'string' },
  under: { type: 'string' },
  limit: { type: 'string' },
} as const;

/** The question asked, checked before the namespace is read: a typo costs nothing. */
interface AccessPlan {
  mode: 'explain' | 'find' | 'weak';
  asList: string[];
  json: boolean;
  verify: boolean;
  snapshotFile: string | undefined;
  limit: number;
  /** --rights as given and parsed (--find only). */
  rightsText: string | undefined;
  rights: RightsQuery | null;
  under: string | undefined;
}

async function runAccess(argv: string[]): Promise<number> {
  const a = await parseCommandArgs('access', USAGE, argv, OPTIONS);
  if (typeof a === 'number') return a;
  const plan = await planAccess(a.values as Record<string, string | boolean | string[] | undefined>, a.positionals);
  if (typeof plan === 'number') return plan;
  const { mode, json, snapshotFile } = plan;
  const source = await sourceOrExit(snapshotFile);
  if (typeof source === 'number') return source;
  if (plan.verify) {
    const kind = (await source.info()).kind;
    if (kind !== 'live' && kind !== 'wine') return usageError(`access: --verify asks the running kernel, so it needs a live source (this is ${snapshotFile === undefined ? 'the bundled sample: live needs Windows, or --wine' : 'a snapshot'})`);
  }
  const base = mode === 'weak' ? null : await source.accessToken();
  const principals = principalsFrom(plan.asList, base);
  if (mode !== 'weak' && !principals.ok) return usageError(`access: ${principals.message}`);

  if (mode === 'explain') return explain(source, a.positionals[0]!, principals.ok ? principals.value : [], json, plan.verify);

  // --find and --weak read the whole namespace with its descriptors: a snapshot has it; live,
  // the same capture `objscope snapshot` makes (every handle closed before it returns).
  const progress = snapshotFile === undefined && !json ? progressLine() : null;
  const snap = await source.snapshot((p) => progress?.update(p.phase === 'details' ? `reading security of ${p.objects} objects…` : `${p.objects} objects…`));
  progress?.done();
  if (!snap.details) return usageError('access: this snapshot recorded no security descriptors (captured with --no-details); nothing to evaluate');
  if (mode === 'weak') return printWeak(snap, plan);
  return printFind(snap, principals.ok ? principals.value[0]! : null, plan);
}

/** The options checked against each other and the mode, or the exit code of a usage error. */
async function planAccess(v: Record<string, string | boolean | string[] | undefined>, positionals: string[]): Promise<AccessPlan | number> {
  const asList = (v.as as string[] | undefined) ?? [];
  let limit = Infinity;
  if (typeof v.limit === 'string') {
    limit = Number(v.limit);
    if (!Number.isInteger(limit) || limit < 1) return usageError(`access: --limit must be a positive integer (got ${JSON.stringify(v.limit)})`);
  }
  const mode = v.find === true ? 'find' : v.weak === true ? 'weak' : 'explain';
  if (v.find === true && v.weak === true) return usageError('access: --find and --weak are separate questions; ask one');
  if (mode === 'explain') {
    if (positionals.length !== 1) return usageError(`access: expected one PATH (usage: ${USAGE.split('\n')[0]})`);
    if (v.rights !== undefined || v.under !== undefined) return usageError('access: --rights and --under go with --find');
  } else if (v.verify === true) {
    return usageError(`access: --verify checks one PATH against the kernel; it does not go with --${mode}`);
  } else if (positionals.length) {
    return usageError(`access: --${mode} takes no PATH (got ${JSON.stringify(positionals[0])}); use --under PATH`);
  }
  let rights = null;
  if (mode === 'find') {
    if (typeof v.rights !== 'string') return usageError('access: --find needs --rights write|modify|read|RIGHT[,RIGHT]');
    const q = parseRightsQuery(v.rights);
    if (!q.ok) return usageError(`access: ${q.message}`);
    rights = q.value;
    if (asList.length !== 1) return usageError('access: --find takes exactly one --as PRINCIPAL');
    if (typeof v.under === 'string') {
      const u = parseNtPath(v.under);
      if (!u.ok) return usageError(`access: --under: ${u.message}`);
    }
  }
  return {
    mode,
    asList,
    json: v.json === true,
    verify: v.verify === true,
    snapshotFile: typeof v.snapshot === 'string' ? v.snapshot : undefined,
    limit,
    rightsText: typeof v.rights === 'string' ? v.rights : undefined,
    rights,
    under: typeof v.under === 'string' ? v.under : undefined,
  };
}

async function printWeak(snap: Snapshot, { limit, json }: AccessPlan): Promise<number> {
  const w = findWeakSecurity(snap, limit);
  if (json) await printJson(w);
  else {
    const lines = w.hits.map((h) => `${shown(h.path)} [${escapeForTerminal(h.type)}]: ${h.reasons.join('; ')}`);
    lines.push(color.dim(`${w.hits.length}${w.truncated ? '+' : ''} weakly secured of ${w.scanned} objects`));
    await out(lines.join('\n') + '\n');
  }
  return 0;
}

async function printFind(snap: Snapshot, token: AccessToken | null, { rights, rightsText, under, limit, json }: AccessPlan): Promise<number> {
  const r = findAccessible(snap, token!, rights!, { ...(under !== undefined ? { under } : {}), limit });
  if (!r.ok) return usageError(`access: --under: ${r.message}`);
  const f = r.value;
  if (json) {
    await printJson({ principal: token!.label, rights: rightsText, under: under ?? '\\', ...f });
    return 0;
  }
  const lines = f.hits.map((h) => `${shown(h.path)} [${escapeForTerminal(h.type)}]: ${h.rights.join(' | ')}`);
  lines.push(
    color.dim(
      `${f.hits.length}${f.truncated ? '+' : ''} of ${f.scanned} objects; ${f.unknown} without a recorded descriptor (not judged); ${f.evaluations} distinct descriptors evaluated`,
    ),
  );
  await out(lines.join('\n') + '\n');
  return 0;
}

// Exit codes: 0 answered, 1 the object's descriptor or mapping could not be read, 2 bad input,
// 3 --verify found the kernel disagreeing with the engine.
export const command: CliCommand = {
  name: 'access',
  summary: 'access PATH [--as P]… [--verify] | --find --as P --rights R | --weak: who can open what, and why',
  run: runAccess,
};

