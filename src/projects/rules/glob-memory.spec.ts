import { describe, expect, it, vi } from 'vitest';
import { compileGlob } from '../../common/glob';
import { COMPILED_GLOBS_KEPT, globMatch } from './glob';

// Counts compilations; matching itself is the real thing.
vi.mock('../../common/glob', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../common/glob')>();
  return { ...original, compileGlob: vi.fn(original.compileGlob) };
});

describe('globMatch memory', () => {
  it(`keeps at most ${COMPILED_GLOBS_KEPT} compiled globs: one more forgets them all`, () => {
    expect(globMatch('team-0', 'team-0', '/')).toBe(true);
    for (let index = 1; index < COMPILED_GLOBS_KEPT; index++) globMatch(`team-${index}`, 'other');
    vi.mocked(compileGlob).mockClear();
    expect(globMatch('team-0', 'team-0', '/')).toBe(true);
    expect(compileGlob).not.toHaveBeenCalled();
    // The same pattern with another separator is another compiled glob.
    expect(globMatch('team-0', 'team-0')).toBe(true);
    expect(globMatch('team-0', 'team-0', '/')).toBe(true);
    expect(compileGlob).toHaveBeenCalledTimes(2);
  });
});
