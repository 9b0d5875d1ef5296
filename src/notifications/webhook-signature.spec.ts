import { describe, expect, it } from 'vitest';
import { signingSecretIssue, signWebhook, verifyWebhook } from './webhook-signature';

// The example of the Standard Webhooks specification (its reference libraries test against it).
const SPEC = { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330, body: '{"test": 2432232314}' };

describe('Standard Webhooks signature', () => {
  it('signs the specification example to its published signature', () => {
    expect(signWebhook(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it.each([
    ['the signature itself', SPEC.body, SPEC.timestamp, SPEC.id, true],
    ['a tampered body', '{"test": 2432232315}', SPEC.timestamp, SPEC.id, false],
    ['another timestamp', SPEC.body, SPEC.timestamp + 1, SPEC.id, false],
    ['another id', SPEC.body, SPEC.timestamp, 'msg_other', false],
  ])('verifies %s: %s', (_name, body, timestamp, id, valid) => {
    const header = `v1,bogus ${signWebhook(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)}`;
    expect(verifyWebhook(SPEC.secret, id, timestamp, body, header)).toBe(valid);
  });

  it.each([
    ['the example secret', SPEC.secret, undefined],
    ['no prefix', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'must start with "whsec_"'],
    ['not base64', 'whsec_not base64!', 'the part after "whsec_" must be base64'],
    ['a short key', 'whsec_c2hvcnQ=', 'the key must be at least 24 bytes (192 bits)'],
  ])('judges a secret: %s', (_name, secret, issue) => {
    expect(signingSecretIssue(secret)).toBe(issue);
  });
});
