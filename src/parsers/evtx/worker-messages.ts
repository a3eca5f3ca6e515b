/**
 * @module parsers/evtx/worker-messages
 * The messages between the file pool and its workers.
 */
import type { EvtxReadOptions, EvtxSummary } from './types.js';

export type PoolRequest =
  { type: 'file'; id: number; path: string; options: EvtxReadOptions } | { type: 'more' };

export type PoolResponse =
  /** `json`: the batch of `EvtxResult`s as one JSON array. */
  | { type: 'results'; id: number; json: string }
  | { type: 'done'; id: number; summary: EvtxSummary | null; failure: string | null };
