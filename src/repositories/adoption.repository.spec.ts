import type { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { AdoptionRepository, type AdoptedRow } from './adoption.repository';

/** A database holding `owned` (parent → rows), answering the batched read as PostgreSQL would, and counting reads. */
function repository(owned: Record<string, AdoptedRow[]>) {
  const reads: string[][] = [];
  const dataSource = {
    query: async (_sql: string, [parents]: [string[]]) => {
      reads.push([...parents]);
      // What the statement sees is what was there when it began.
      const rows = parents.flatMap((parent) => (owned[parent] ?? []).map((row) => ({ parent, ...row })));
      await new Promise((resolve) => setImmediate(resolve));
      return rows;
    },
  } as unknown as DataSource;
  return { adoption: new AdoptionRepository(dataSource), reads };
}

const project = (name: string): AdoptedRow => ({ kind: 'AppProject', name, manifest: { metadata: { name } } });

describe('AdoptionRepository', () => {
  it('answers the parents asked for together from one read, each with its own children', async () => {
    const { adoption, reads } = repository({ root: [project('platform'), project('team')], other: [project('other')] });
    const answers = await Promise.all(['root', 'leaf', 'other'].map((parent) => adoption.ownedBy(parent)));
    expect(answers).toEqual([[project('platform'), project('team')], [], [project('other')]]);
    expect(reads).toEqual([['root'], ['leaf', 'other']]);
  });

  it('never answers a parent from a read that began before it asked', async () => {
    const owned: Record<string, AdoptedRow[]> = {};
    const { adoption, reads } = repository(owned);
    const first = adoption.ownedBy('root');
    owned.root = [project('platform')];
    const second = adoption.ownedBy('root');
    expect(await first).toEqual([]);
    expect(await second).toEqual([project('platform')]);
    expect(reads).toEqual([['root'], ['root']]);
  });
});
