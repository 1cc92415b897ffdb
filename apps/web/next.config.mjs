/** Static export: the agent serves apps/web/out; no Node server at run time. */
const config = {
  output: 'export',
  trailingSlash: true,
  images: { unoptimized: true },
  transpilePackages: ['@objscope/api', '@objscope/core'],
  reactStrictMode: true,
};
export default config;
