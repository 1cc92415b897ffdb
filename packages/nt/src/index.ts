// @objscope/nt: the NT object namespace through ntdll (koffi), plus pure parsers. Importing this
// module loads nothing native; koffi and the DLLs load on the first live call (see ffi.ts).
export { ntUnavailableReason, optionalNtdll } from './ffi';
export type { Ptr } from './ffi';
export { openObject, openByType, OPENERS } from './open';
export type { OpenFunction } from './open';
export {
  bulkDirectoryQuerySupported,
  describeEntries,
  listDirectory,
  listDirectoryRaw,
  openDirectory,
  queryDirectory,
  walk,
} from './directory';
export type { WalkOptions, WalkResult } from './directory';
export { queryLinkTarget, readLinkTarget, readLinkTargetRelative, resolveLinkChain, MAX_LINK_HOPS } from './symlink';
export type { LinkTarget } from './symlink';
export { accountResolver, createAccountResolver, sidToBytes, ACCOUNT_LOOKUP_TIMEOUT_MS } from './accounts';
export type { AccountResolver, AsyncLookup } from './accounts';
export { lookupAccount, objectDetails, queryAllTypes, queryBasicInfo, querySecurity, queryTypeInfo, recordedObjectDetails, typeStats } from './object';
export { queryState } from './state';
export { currentAccessToken, describeToken } from './token';
export { closeToken, filterToken, impersonationToken, kernelAccessCheck, lowBoxToken, lowIntegrityToken, probeTokenFactories, withRealObject } from './access-kernel';
export { encodeSecurityDescriptor } from './parsers/security-encode';
export { classifyMemoryConditions, memoryConditions, readEventSignaled, KERNEL_OBJECTS } from './memory';
export { buildDosDeviceMap, ntPathToDosPath, ntPathToDosPathWith } from './dospath';
export type { DosDeviceMap } from './dospath';
export {
  getCapabilities,
  getProcessHandleCount,
  debugPrivilegeState,
  enableDebugPrivilege,
  hostName,
  isElevated,
  isWine,
  ntGetNextProcess,
  objectAddressesVisible,
  osVersion,
  querySystemHandles,
  wineVersion,
} from './capabilities';
export * from './parsers/directory';
export * from './parsers/object';
export * from './parsers/security';
export * from './parsers/state';
export * from './parsers/handlecount';
export { readUnicodeStringAt } from './parsers/unicode';
export { ntTimeToIso } from './parsers/time';
export { decodeUtf16, layoutObjectAttributes, layoutEmptyUnicodeString, objectAttributesSize, utf16Bytes } from './unicode';
export { fail, ok, toField } from './result';
export { lastScanDiagnostics, naiveScanZombies, scanZombies, ZombieScanError } from './zombies';
export type { ScanDiagnostics, ScanOptions } from './zombies';
export { findHolders, HolderScanner, holderScanner, measureRoundTrips, naiveHolders, ntCompareObjects, processHandles, queryObjectName, recordAllProcessHandles } from './holders';
export type { HolderScanDiagnostics, HolderScanOptions } from './holders';
export * from './parsers/holders';
export { enumerateBulk, enumerateSingle } from './directory-loop';
export type { BufferSource, DirectoryQuery, QueryBuffer } from './directory-loop';
