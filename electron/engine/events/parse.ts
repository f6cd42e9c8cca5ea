// Parses Docker's event stream (newline-delimited JSON) without ever turning timeNano (> 2^53) into a JS number.

export interface DockerEvent {
  type: string;
  action: string;
  id: string;
  attributes: Record<string, string>;
  /** Nanoseconds since the epoch, exactly as the engine sent them (a decimal string). */
  timeNano: string;
  /** ISO time with millisecond precision, derived from timeNano. */
  at: string;
}

/** ISO time from a nanosecond decimal string, through BigInt (milliseconds fit a JS number). */
export function isoFromNanos(nanos: string): string {
  return new Date(Number(BigInt(nanos) / 1_000_000n)).toISOString();
}

/** One line of the stream → DockerEvent, or null for a blank/garbled line. */
export function parseEventLine(line: string): DockerEvent | null {
  const text = line.trim();
  if (!text) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as { Type?: unknown; Action?: unknown; id?: unknown; time?: unknown; Actor?: { ID?: unknown; Attributes?: unknown } };
  // Read timeNano from the raw text: JSON.parse has already rounded the number.
  const m = /"timeNano"\s*:\s*(\d+)/.exec(text);
  const timeNano = m ? m[1] : `${typeof r.time === 'number' ? r.time : Math.floor(Date.now() / 1000)}000000000`;
  const attrs: Record<string, string> = {};
  if (r.Actor && typeof r.Actor.Attributes === 'object' && r.Actor.Attributes !== null) {
    for (const [k, v] of Object.entries(r.Actor.Attributes as Record<string, unknown>)) attrs[k] = String(v);
  }
  const action = typeof r.Action === 'string' ? r.Action : '';
  return {
    type: typeof r.Type === 'string' ? r.Type : '',
    // "exec_start: sh -c …" → "exec_start"; "health_status: healthy" keeps its prefix too.
    action: action.split(':')[0].trim(),
    id: typeof r.Actor?.ID === 'string' ? r.Actor.ID : typeof r.id === 'string' ? r.id : '',
    attributes: attrs,
    timeNano,
    at: isoFromNanos(timeNano),
  };
}

/** Splits a chunked byte stream into lines, keeping the unfinished tail for the next chunk. */
export class LineSplitter {
  private rest = '';
  push(chunk: string): string[] {
    const parts = (this.rest + chunk).split('\n');
    this.rest = parts.pop() ?? '';
    return parts;
  }
}
