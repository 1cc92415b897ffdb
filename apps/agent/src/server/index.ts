export { startServer, DEFAULT_PORT, type ServerOptions, type RunningServer } from './server';
export { allowedHosts, checkRequest, securityHeaders, isLoopback } from './security';
export { StaticSite, safeRelativePath } from './static';
export { agentRoot, webRoot, sampleSnapshotPath } from './paths';
