/**
 * This extension's version, written into exported bundles. Kept equal to
 * package.json's `version` by src/version.spec.ts (package.json lies
 * outside the compiled sources, so it cannot be imported here).
 */
export const RUNLOG_VERSION = '0.1.0';
