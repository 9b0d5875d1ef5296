import { describe, expect, it } from 'vitest';
import { KeptPerGeneration } from './kept-per-generation';

describe('KeptPerGeneration', () => {
  it('reads once per generation, and again once it moved', async () => {
    let reads = 0;
    const kept = new KeptPerGeneration(async () => ++reads);
    expect(await Promise.all([kept.get('1'), kept.get('1')])).toEqual([1, 1]);
    expect(await kept.get('2')).toBe(2);
    expect(await kept.get('2')).toBe(2);
  });

  it('keeps no failed reading: the next caller of the same generation reads again', async () => {
    let reads = 0;
    const kept = new KeptPerGeneration(async () => {
      if (++reads === 1) throw new Error('connection terminated');
      return reads;
    });
    await expect(kept.get('1')).rejects.toThrow('connection terminated');
    expect(await kept.get('1')).toBe(2);
  });
});
