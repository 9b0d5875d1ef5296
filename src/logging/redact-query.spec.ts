import { describe, expect, it } from 'vitest';
import { redactQuery } from './logging.module';

describe('redactQuery', () => {
  it('replaces the values of secret-bearing query parameters and keeps the rest', () => {
    expect(redactQuery('/auth/callback?code=abc&state=xyz&iss=http%3A%2F%2Fidp')).toBe(
      '/auth/callback?code=%5Bredacted%5D&state=%5Bredacted%5D&iss=http%3A%2F%2Fidp',
    );
    expect(redactQuery('/api/v1/x?token=t1&token=t2')).toBe('/api/v1/x?token=%5Bredacted%5D');
  });

  it('leaves a URL without such parameters as it is', () => {
    expect(redactQuery('/api/v1/clusters?limit=5&selector=a%3Db')).toBe('/api/v1/clusters?limit=5&selector=a%3Db');
    expect(redactQuery('/healthz')).toBe('/healthz');
  });
});
