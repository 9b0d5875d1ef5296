import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../src/config/config.schema';

const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

describe('README', () => {
  it.each(SETTINGS.map((setting) => setting.env))('documents %s in the configuration table', (name) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });

  it('shows the two commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});
