// Types for scripts/lib/browser.mjs, so the TypeScript e2e suite and bench share its one list
// of Chromium settings.
export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: string[];
export declare function ensureChromium(opts?: { video?: boolean }): void;
export declare function linkFfmpegForPlaywright(env?: NodeJS.ProcessEnv): string;
