import type TestAgent from 'supertest/lib/agent';

/** GETs an export and returns its raw text, whatever its media type (supertest would not buffer NDJSON). */
export async function fetchExport(http: TestAgent, url: string, headers: Record<string, string>): Promise<{ status: number; contentType: string; text: string }> {
  const response = await http
    .get(url)
    .set(headers)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    });
  return { status: response.status, contentType: String(response.headers['content-type']), text: response.body as string };
}

export function parseNdjson(text: string): unknown[] {
  if (!text.endsWith('\n') && text !== '') throw new Error('NDJSON must end with a newline');
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as unknown);
}

/**
 * RFC 4180, strictly: CRLF line ends (also the last), fields quoted when they hold a comma, a quote, CR or LF, quotes
 * doubled inside. Written here, not taken from a package, so the test reads exactly what the standard says.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let at = 0;
  while (at < text.length) {
    let field = '';
    if (text[at] === '"') {
      at++;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (quote === -1) throw new Error('unterminated quoted field');
        field += text.slice(at, quote);
        at = quote + 1;
        if (text[at] !== '"') break;
        field += '"';
        at++;
      }
    } else {
      const end = text.slice(at).search(/[,\r\n"]/);
      field = end === -1 ? text.slice(at) : text.slice(at, at + end);
      at += field.length;
      if (text[at] === '"') throw new Error(`a quote inside an unquoted field at ${at}`);
    }
    row.push(field);
    if (text[at] === ',') {
      at++;
      continue;
    }
    if (text.slice(at, at + 2) !== '\r\n') throw new Error(`expected CRLF at ${at}`);
    at += 2;
    rows.push(row);
    row = [];
  }
  return rows;
}
