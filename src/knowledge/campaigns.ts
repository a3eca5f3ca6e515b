/**
 * @module knowledge/campaigns
 * The mass-exploited families and their exposure windows (data/knowledge/campaigns.json).
 */
import { readKnowledgeJson } from './data-files.js';
import type { Campaign } from './types.js';

interface CampaignFile {
  campaigns: (Campaign & { firstExploitedBasis: string; patchedBasis: string })[];
}

let cached: readonly Campaign[] | null = null;

export function campaigns(): readonly Campaign[] {
  cached ??= readKnowledgeJson<CampaignFile>('campaigns.json').campaigns;
  return cached;
}

export function campaignById(id: string): Campaign | undefined {
  return campaigns().find((c) => c.id === id);
}
