// The project tags, shared by the config (which project runs what) and the fixtures (which
// reject a test no project would run). No Playwright import: the config loads this file.

/** A test runs in the project of each tag it carries, and only there. */
export const PROJECT_TAGS = ['@sample', '@synthetic', '@share', '@wine'] as const;
/** The project that collects every test carrying no project tag, so that it fails, not vanishes. */
export const UNTAGGED_PROJECT = 'untagged';
