// `objscope access PATH --as P… --verify`: the kernel's own answer next to the engine's. For each
// principal a token can be made for (the current user's impersonation copy, its low-integrity
// copy, a restricted copy through NtFilterToken, an AppContainer through NtCreateLowBoxToken),
// NtAccessCheck is asked for every right of the type and for MAXIMUM_ALLOWED on the object's own
// descriptor, and each answer is compared with core's engine. Live only; every token made here
// is closed before this returns.
import type { AccessToken, GenericMapping, SecurityInfo } from '@objscope/core';
import { accessCheck, accessRightNames, MAXIMUM_ALLOWED } from '@objscope/core';
import * as nt from '@objscope/nt';

export interface KernelDisagreement {
  /** The access asked for: one right, or MAXIMUM_ALLOWED. */
  desired: number;
  asked: string;
  kernel: number;
  engine: number;
}

export interface KernelCheck {
  principal: string;
  /** Why the kernel could not be asked for this principal; null when it was. */
  noToken: string | null;
  /** What NtAccessCheck granted for MAXIMUM_ALLOWED. */
  kernelGranted: number | null;
  checks: number;
  disagreements: KernelDisagreement[];
}

const NOBODY_HERE = 'S-1-5-18';
const SID_ONLY = 'no token can be made for it: a token for SIDs of your choosing needs NtCreateToken and SeCreateTokenPrivilege, which objscope does not use';

/** The token the kernel is asked with for `p`, from our impersonation copy `imp`; a sentence when none can be made. */
function tokenFor(p: AccessToken, imp: nt.Ptr): { handle: nt.Ptr; owned: boolean } | string {
  const label = p.label.toLowerCase();
  const made = (r: { ok: true; value: nt.Ptr } | { ok: false; name: string; message: string }, how: string) =>
    r.ok ? { handle: r.value, owned: true } : `no token could be made: ${how}: ${r.message}`;
  if (label === 'current') return { handle: imp, owned: false };
  if (label === 'low') return made(nt.lowIntegrityToken(imp), 'the low-integrity copy (NtSetInformationToken TokenIntegrityLevel)');
  if (label === 'restricted') return made(nt.filterToken(imp, { restrict: p.restrictedSids ?? [] }), 'the restricted copy (NtFilterToken)');
  if (p.appContainer) return made(nt.lowBoxToken(imp, p.appContainer.packageSid, p.appContainer.capabilities), 'the AppContainer token (NtCreateLowBoxToken)');
  return SID_ONLY;
}

export function askKernel(sd: SecurityInfo, mapping: GenericMapping, type: string, principals: readonly AccessToken[]): KernelCheck[] {
  // The descriptor as the kernel stores it: owner, group, DACL and the integrity label (audit
  // ACEs decide nothing in an access check). NtAccessCheck refuses a descriptor without owner
  // or group (STATUS_INVALID_SECURITY_DESCR; Microsoft docs, AccessCheck): a missing one becomes
  // LocalSystem, which no token made here holds, so it confers what "no owner" does: nothing.
  const bytes = nt.encodeSecurityDescriptor({
    owner: sd.owner ?? NOBODY_HERE,
    group: sd.group ?? NOBODY_HERE,
    dacl: sd.dacl,
    sacl: sd.sacl?.filter((a) => a.type === 'SYSTEM_MANDATORY_LABEL') ?? null,
  });
  const rights: number[] = [];
  for (let b = 0; b < 32; b++) if ((mapping.all >>> 0) & (1 << b)) rights.push((1 << b) >>> 0);
  const imp = nt.impersonationToken();
  if (!imp.ok) return principals.map((p) => ({ principal: p.label, noToken: `no token could be made: ${imp.name} (${imp.message})`, kernelGranted: null, checks: 0, disagreements: [] }));
  try {
    return principals.map((p) => {
      const t = tokenFor(p, imp.value);
      if (typeof t === 'string') return { principal: p.label, noToken: t, kernelGranted: null, checks: 0, disagreements: [] };
      try {
        const out: KernelCheck = { principal: p.label, noToken: null, kernelGranted: null, checks: 0, disagreements: [] };
        for (const desired of [...rights, MAXIMUM_ALLOWED]) {
          const k = nt.kernelAccessCheck(bytes, mapping, t.handle, desired);
          if (!k.ok) return { ...out, noToken: `the kernel could not answer: ${k.message}` };
          const kernel = k.value.accessStatus === 0 ? k.value.granted : 0;
          const e = accessCheck(sd, mapping, p, desired);
          const engine = e.status === 0 ? e.granted : 0;
          out.checks++;
          if (desired === MAXIMUM_ALLOWED) out.kernelGranted = kernel;
          if (kernel !== engine) out.disagreements.push({ desired, asked: desired === MAXIMUM_ALLOWED ? 'MAXIMUM_ALLOWED' : accessRightNames(desired, type).join(' | '), kernel, engine });
        }
        return out;
      } finally {
        if (t.owned) nt.closeToken(t.handle);
      }
    });
  } finally {
    nt.closeToken(imp.value);
  }
}
