/**
 * @module knowledge/preload
 * Loads the data `assessBuild` and the campaign windows read (the release catalogue, the
 * security table, the campaigns) ahead of their first use. They load lazily, ~20 ms on first
 * use; a caller that has another thread busy (the log hunt while its worker starts) can pay
 * that then instead of after the work, when it would be the only thing running.
 */
import { catalogue } from './catalogue.js';
import { campaigns } from './campaigns.js';
import { security } from './security.js';

export function preloadKnowledge(): void {
  catalogue();
  security();
  campaigns();
}
