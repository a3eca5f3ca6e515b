/**
 * Contract: detect/files' FileFinding (detect may not import findings) must stay assignable to
 * findings' Finding in both directions, so file findings join log findings in one verdict.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { FileFinding } from '../../src/detect/index.js';
import type { Finding } from '../../src/findings/index.js';

describe('FileFinding ↔ Finding', () => {
  it('has the same shape', () => {
    expectTypeOf<FileFinding>().toEqualTypeOf<Finding>();
    expect(true).toBe(true);
  });
});
