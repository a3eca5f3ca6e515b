/**
 * @module knowledge/lifecycle
 * Support dates and the CU lines that still receive updates (data/knowledge/lifecycle.json).
 */
import { readKnowledgeJson } from './data-files.js';
import type { Product } from './types.js';

interface LifecycleFile {
  asOf: string;
  products: Record<Product, { extendedSupportEnd: string | null; currentLines: string[]; note?: string }>;
}

let cached: LifecycleFile | null = null;

function file(): LifecycleFile {
  cached ??= readKnowledgeJson<LifecycleFile>('lifecycle.json');
  return cached;
}

export function lifecycleOf(product: Product) {
  return file().products[product];
}

/** Whether a CU line still gets security updates and its product is inside extended support. */
export function isSupported(product: Product, cu: string | null, asOf: string): boolean {
  const p = lifecycleOf(product);
  if (cu === null || !p.currentLines.includes(cu)) return false;
  return p.extendedSupportEnd === null || asOf <= p.extendedSupportEnd;
}
