import { describe } from 'vitest';
import { errorRows, resultRows } from './testing/function-table';

// 1700000000 is 2023-11-14T22:13:20Z, a Tuesday; the fixed clock reads 2026-01-02T03:04:05.123Z, a Friday.
const T = 1700000000n;

describe('sprig date functions (Unix seconds; "Local" is UTC)', () => {
  resultRows([
    ['date with the reference layout', 'date', ['2006-01-02 15:04:05', T], '2023-11-14 22:13:20'],
    ['date of a non-time is now', 'date', ['2006-01-02', 'x'], '2026-01-02'],
    ['date names and 12-hour clock', 'date', ['Mon Monday Jan January 3:04PM pm', T], 'Tue Tuesday Nov November 10:13PM pm'],
    ['date padding variants', 'date', ['_2 2 1 06 002', 5n * 86400n], ' 6 6 1 70 006'],
    ['date zone tokens in UTC', 'date', ['MST -0700 Z07:00', T], 'UTC +0000 Z'],
    ['date fractional seconds of now', 'date', ['05.000 05.999', 'x'], '05.123 05.123'],
    ['a word starting like a token is literal text', 'date', ['Janet', T], 'Janet'],
    ['dateInZone', 'dateInZone', ['2006-01-02 15:04 -07:00', T, 'Asia/Kolkata'], '2023-11-15 03:43 +05:30'],
    ['dateInZone with an unknown zone is UTC', 'dateInZone', ['15:04 MST', T, 'Mars/Base'], '22:13 UTC'],
    ['date_in_zone', 'date_in_zone', ['15:04', T, 'America/New_York'], '17:13'],
    ['htmlDate', 'htmlDate', [T], '2023-11-14'],
    ['htmlDate of 0 is the epoch', 'htmlDate', [0n], '1970-01-01'],
    ['date_in_zone with a numeric zone', 'date_in_zone', ['02 Jan 06 15:04 -0700', 1560458379n, 'UTC'], '13 Jun 19 20:39 +0000'],
    ['duration of a day and more', 'duration', ['93784'], '26h3m4s'],
    ['durationRound just over a day', 'durationRound', ['24h5s'], '1d'],
    ['durationRound of 100 days', 'durationRound', ['2400h5s'], '3mo'],
    ['htmlDateInZone', 'htmlDateInZone', [T, 'Pacific/Auckland'], '2023-11-15'],
    ['ago', 'ago', [1767323045n - 3725n], '1h2m5s'],
    ['ago of a non-time is 0s', 'ago', ['x'], '0s'],
    ['duration of seconds', 'duration', [95n], '1m35s'],
    ['duration of a string', 'duration', ['3600'], '1h0m0s'],
    ['duration of garbage', 'duration', ['x'], '0s'],
    ['durationRound of a duration string', 'durationRound', ['2h10m'], '2h'],
    ['durationRound of days', 'durationRound', ['49h'], '2d'],
    ['durationRound of nanoseconds', 'durationRound', [3_000_000_000n], '3s'],
    ['durationRound of months and years', 'durationRound', ['9000h'], '1y'],
    ['durationRound below a second', 'durationRound', ['500ms'], '0s'],
  ]);

  errorRows([
    ['date with a non-string layout', 'date', [1n, T], /expected string; got int/],
    ['date with one argument', 'date', ['2006'], /wrong number of args for date: want 2 got 1/],
  ]);
});

describe('paths and URLs', () => {
  resultRows([
    ['base', 'base', ['apps/guestbook/'], 'guestbook'],
    ['base of empty', 'base', [''], '.'],
    ['base of root', 'base', ['///'], '/'],
    // Took hours before (a quadratic regular expression trimmed the slashes).
    ['base after a million slashes', 'base', [`${'/'.repeat(1_000_000)}a`], 'a'],
    ['base of a million slashes', 'base', ['/'.repeat(1_000_000)], '/'],
    ['dir', 'dir', ['apps/guestbook/values.yaml'], 'apps/guestbook'],
    ['dir of a bare name', 'dir', ['values.yaml'], '.'],
    ['clean', 'clean', ['a//b/./c/../d/'], 'a/b/d'],
    ['clean above root', 'clean', ['/../a'], '/a'],
    ['clean relative above', 'clean', ['../../a/..'], '../..'],
    ['ext', 'ext', ['values.prod.yaml'], '.yaml'],
    ['ext none', 'ext', ['dir.d/file'], ''],
    ['isAbs', 'isAbs', ['/etc'], true],
    ['osBase', 'osBase', ['a/b'], 'b'],
    [
      'urlParse',
      'urlParse',
      ['https://user:p%40ss@git.local:8443/org/repo.git?ref=main#frag'],
      { scheme: 'https', host: 'git.local:8443', hostname: 'git.local', path: '/org/repo.git', query: 'ref=main', opaque: '', fragment: 'frag', userinfo: 'user:p%40ss' },
    ],
    [
      'urlParse scp-like is opaque',
      'urlParse',
      ['git:org/repo.git'],
      { scheme: 'git', host: '', hostname: '', path: '', query: '', opaque: 'org/repo.git', fragment: '', userinfo: '' },
    ],
    ['urlParse IPv6 host', 'urlParse', ['http://[::1]:80/x'], { scheme: 'http', host: '[::1]:80', hostname: '::1', path: '/x', query: '', opaque: '', fragment: '', userinfo: '' }],
    ['urlJoin', 'urlJoin', [{ scheme: 'https', host: 'git.local', path: '/org/repo', query: 'a=b', fragment: 'top' }], 'https://git.local/org/repo?a=b#top'],
    ['urlJoin with userinfo and a relative path', 'urlJoin', [{ scheme: 'https', host: 'h', userinfo: 'u:p', path: 'x y' }], 'https://u:p@h/x%20y'],
    ['urlJoin opaque', 'urlJoin', [{ scheme: 'mailto', opaque: 'a@b' }], 'mailto:a@b'],
  ]);

  errorRows([
    ['urlJoin with a non-string field', 'urlJoin', [{ host: 1n }], /unable to parse host key, must be of type string, but int found/],
    ['urlParse with a control character', 'urlParse', ['http://a\nb'], /invalid control character/],
    ['urlParse with a colon in the first segment', 'urlParse', ['1a:b'], /first path segment in URL cannot contain colon/],
  ]);
});
