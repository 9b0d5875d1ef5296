/**
 * net.ParseIP (through netip.ParseAddr, without zones) and IP.To4, for the IP addresses of sprig's certificates:
 * dotted IPv4 without leading zeros, IPv6 with one "::" and an optional dotted IPv4 tail. An IPv4 address, or an
 * IPv4-mapped IPv6 one, is written into a certificate in 4 bytes, as Go's marshalSANs does.
 */

function parseIPv4(text: string): number[] | undefined {
  const fields = text.split('.');
  if (fields.length !== 4) return undefined;
  const bytes = fields.map((field) => (/^(0|[1-9]\d{0,2})$/.test(field) && Number(field) <= 255 ? Number(field) : -1));
  return bytes.includes(-1) ? undefined : bytes;
}

function parseIPv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const fields = part.split(':');
    for (const [i, field] of fields.entries()) {
      if (i === fields.length - 1 && field.includes('.')) {
        const v4 = parseIPv4(field);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(field)) {
        out.push(parseInt(field, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  // A dotted tail may only end the address.
  if (halves.length === 2 && halves[0].includes('.')) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const words = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return words.flatMap((word) => [word >> 8, word & 0xff]);
}

/** The address as Go's marshalSANs writes it (4 bytes for IPv4), or undefined when net.ParseIP rejects it. */
export function parseIp(text: string): Buffer | undefined {
  const v4 = parseIPv4(text);
  if (v4) return Buffer.from(v4);
  if (!text.includes(':')) return undefined;
  const v6 = parseIPv6(text);
  if (!v6) return undefined;
  const mapped = v6.slice(0, 10).every((byte) => byte === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return Buffer.from(mapped ? v6.slice(12) : v6);
}
