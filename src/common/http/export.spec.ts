import { describe, expect, it } from 'vitest';
import { keysetChunks } from './export';

/** A keyset-ordered table of `size` numbered rows, recording each fetch it answers. */
function table(size: number, failAfter?: number) {
  const fetches: (number | undefined)[] = [];
  const fetch = async (after: number | undefined, limit: number): Promise<number[]> => {
    fetches.push(after);
    if (failAfter !== undefined && after !== undefined && after >= failAfter) throw new Error('database went away');
    const from = after === undefined ? 0 : after + 1;
    return Array.from({ length: Math.max(0, Math.min(limit, size - from)) }, (_, i) => from + i);
  };
  return { fetch, fetches };
}

const collect = async <T>(chunks: AsyncIterable<T[]>): Promise<T[][]> => {
  const all: T[][] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
};

describe('keysetChunks', () => {
  it('walks the rows chunk by chunk, each fetch after the last row of the one before', async () => {
    const { fetch, fetches } = table(7);
    expect(await collect(keysetChunks(fetch, 3))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(fetches).toEqual([undefined, 2, 5]);
  });

  it('ends on an empty chunk without yielding it when the rows fill the last chunk exactly', async () => {
    const { fetch, fetches } = table(6);
    expect(await collect(keysetChunks(fetch, 3))).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(fetches).toEqual([undefined, 2, 5]);
  });

  it('yields nothing for no rows', async () => {
    expect(await collect(keysetChunks(table(0).fetch, 3))).toEqual([]);
  });

  it('asks for the next chunk before the current one is consumed', async () => {
    const { fetch, fetches } = table(9);
    const chunks = keysetChunks(fetch, 3);
    await chunks.next();
    expect(fetches).toEqual([undefined, 2]);
    await chunks.return(undefined);
  });

  it('surfaces a failed fetch where its chunk is awaited, after the chunks before it', async () => {
    const chunks = keysetChunks(table(9, 2).fetch, 3);
    expect((await chunks.next()).value).toEqual([0, 1, 2]);
    await expect(chunks.next()).rejects.toThrow('database went away');
  });
});
