/**
 * @module parsers/evtx/worker-messages
 * The messages between the file pool and its workers.
 */
import type { EvtxReadOptions, EvtxResult, EvtxSummary } from './types.js';

export type PoolRequest =
  { type: 'file'; id: number; path: string; options: EvtxReadOptions } | { type: 'more' };

export type PoolResponse =
  | { type: 'results'; id: number; results: EvtxResult[] }
  | { type: 'done'; id: number; summary: EvtxSummary | null; failure: string | null };
