// base64 → UTF-8 text for Secret data, without a platform API (shared/ compiles with neither Node nor DOM types):
// the forgiving-base64 decode that atob does, then UTF-8 with U+FFFD for malformed sequences, as TextDecoder does.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

/** The bytes of a base64 text (whitespace ignored), or null when it is not base64. */
export function base64Bytes(text: string): number[] | null {
  let s = text.replace(/[\t\n\f\r ]+/g, '');
  if (s.length % 4 === 0) s = s.replace(/={1,2}$/, '');
  if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) return null;
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const c of s) {
    acc = (acc << 6) | VALUE.get(c)!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return out;
}

/** UTF-8 bytes → text; a malformed sequence becomes U+FFFD (the WHATWG decoder's rules, as TextDecoder applies them). */
export function utf8Text(bytes: number[]): string {
  let out = '';
  let cp = 0;
  let needed = 0;
  let seen = 0;
  let lower = 0x80;
  let upper = 0xbf;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (needed === 0) {
      if (b < 0x80) out += String.fromCharCode(b);
      else if (b >= 0xc2 && b <= 0xdf) [needed, cp] = [1, b & 0x1f];
      else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
        [needed, cp] = [2, b & 0xf];
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
        [needed, cp] = [3, b & 0x7];
      } else out += '\uFFFD';
      continue;
    }
    if (b < lower || b > upper) {
      // The sequence so far is one error; this byte starts over.
      [cp, needed, seen, lower, upper] = [0, 0, 0, 0x80, 0xbf];
      out += '\uFFFD';
      i--;
      continue;
    }
    [lower, upper] = [0x80, 0xbf];
    cp = (cp << 6) | (b & 0x3f);
    if (++seen === needed) {
      out += String.fromCodePoint(cp);
      [cp, needed, seen] = [0, 0, 0];
    }
  }
  return needed ? out + '\uFFFD' : out;
}

/** base64 → text (UTF-8), null when it is not base64. */
export function decodeBase64Text(text: string): string | null {
  const bytes = base64Bytes(text);
  return bytes ? utf8Text(bytes) : null;
}
