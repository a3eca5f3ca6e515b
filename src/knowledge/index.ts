/**
 * @module knowledge
 * What is true of Exchange itself, as data: the build catalogue, each security update's CVEs and
 * fixed builds, the exploitation timeline of each campaign, support lifecycle — and pure functions
 * over them. No I/O beyond loading data/knowledge/.
 *
 * @example
 * assessBuild('15.1.2176.2').vulnerabilities['CVE-2021-26855'] // 'vulnerable'
 */
export type * from './types.js';
export { parseBuild, formatBuild, formatBuildLong, compareBuilds } from './build-parse.js';
export { productOfBuild, classifyReleaseName } from './release-name.js';
export { allReleases, releasesOf } from './catalogue.js';
export { assessBuild, tryAssessBuild, campaignStatuses, BuildError } from './assess-build.js';
export type { AssessOptions, AssessResult } from './assess-build.js';
export { campaigns, campaignById } from './campaigns.js';
export { security } from './security.js';
export type { CveInfo, SecurityKnowledge } from './security.js';
export { lifecycleOf, isSupported } from './lifecycle.js';
export { preloadKnowledge } from './preload.js';
export { parseCsvRows } from './csv-table.js';
