// Splits a stream's chunks into whole lines for the latency benchmarks, each stamped with the time its chunk arrived
// (the receipt time is what they measure). Not a benchmark itself (no .bench.mjs).

/** A 'data' handler that calls onLine(line, t) for every non-empty line; t = now() when its chunk arrived. */
export function lineHandler(now, onLine) {
  let buf = '';
  return (d) => {
    const t = now();
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop();
    for (const l of parts) if (l.trim()) onLine(l, t);
  };
}
