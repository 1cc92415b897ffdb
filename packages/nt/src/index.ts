// @objscope/nt: the NT object namespace through ntdll (koffi), plus pure parsers. Importing this
// module loads nothing native; koffi and the DLLs load on the first live call (see ffi.ts).
export { ntUnavailableReason, optionalNtdll } from './ffi';
export type { Ptr } from './ffi';
export { listDirectory, walk } from './directory';
export { resolveLinkChain } from './symlink';
export { accountResolver } from './accounts';
export { objectDetails, queryAllTypes, recordedObjectDetails, typeStats } from './object';
export { currentAccessToken, describeToken } from './token';
export {
  closeToken,
  filterToken,
  impersonationToken,
  kernelAccessCheck,
  lowBoxToken,
  lowIntegrityToken,
  probeTokenFactories,
  withRealObject,
} from './access-kernel';
export { encodeSecurityDescriptor } from './parsers/security-encode';
export { memoryConditions } from './memory';
export { getCapabilities, getProcessHandleCount, hostName, ntGetNextProcess, osVersion, wineVersion } from './capabilities';
export * from './parsers/directory';
export * from './parsers/object';
export * from './parsers/security';
export * from './parsers/state';
export * from './parsers/handlecount';
export { scanZombies, ZombieScanError } from './zombies';
export { findHolders, holderScanner, processHandles, recordAllProcessHandles } from './holders';
export type { HolderScanOptions } from './holders';
export * from './parsers/holders';
