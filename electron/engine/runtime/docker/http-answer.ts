// One whole HTTP/1.1 answer, read to the end of its connection, taken apart: the answer to the listing request that
// bin/podlab's launcher sent before Node started (early.ts). Node's own HTTP client cannot read an answer to a request
// it did not send; this reads only what the engine sends there: a status line, headers, and a body with a
// Content-Length, chunked, or up to the end of the connection ("Connection: close" was asked).

export interface HttpAnswer {
  status: number;
  /** Header names in lower case, as Node's HTTP client gives them. */
  headers: Record<string, string>;
  body: Buffer;
}

/** The answer in `raw`; throws on anything that is not one whole HTTP/1.x answer. */
export function parseHttpAnswer(raw: Buffer): HttpAnswer {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) throw new Error('HTTP answer: no end of headers');
  const [statusLine = '', ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
  if (!status) throw new Error('HTTP answer: no status line');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error('HTTP answer: a header without a name');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  const rest = raw.subarray(end + 4);
  return { status: Number(status[1]), headers, body: bodyOf(rest, headers) };
}

function bodyOf(rest: Buffer, headers: Record<string, string>): Buffer {
  if (/(^|,)\s*chunked\s*$/i.test(headers['transfer-encoding'] ?? '')) return unchunk(rest);
  const length = headers['content-length'];
  if (length === undefined) return rest;
  if (!/^\d+$/.test(length) || Number(length) > rest.length) throw new Error('HTTP answer: shorter than its Content-Length');
  return rest.subarray(0, Number(length));
}

/** A chunked body: each chunk's hex size (extensions ignored), its bytes, CRLF; a size of 0 ends it. */
function unchunk(rest: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = rest.indexOf('\r\n', at);
    if (eol < 0) throw new Error('HTTP answer: a chunk without its size line');
    const size = /^([0-9a-fA-F]{1,8})(;.*)?$/.exec(rest.subarray(at, eol).toString('latin1'));
    if (!size) throw new Error('HTTP answer: a chunk size that is not hex');
    const n = parseInt(size[1]!, 16);
    if (n === 0) return Buffer.concat(parts);
    const from = eol + 2;
    if (from + n + 2 > rest.length || rest[from + n] !== 0x0d || rest[from + n + 1] !== 0x0a) throw new Error('HTTP answer: a chunk cut short');
    parts.push(rest.subarray(from, from + n));
    at = from + n + 2;
  }
}
