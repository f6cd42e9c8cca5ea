// Kubernetes resource quantities ("250m", "0.5", "64Mi", "1e3"): parsed to numbers of the base unit, as the kubelet
// turns them into cgroup limits (cpu in cores, memory in bytes).

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/;

/** The quantity's value in base units, or null when it is not a Kubernetes quantity. */
export function parseQuantity(q: string | number): number | null {
  if (typeof q === 'number') return Number.isFinite(q) ? q : null;
  const m = QUANTITY.exec(q.trim());
  if (!m) return null;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * SUFFIX[m[3] ?? ''];
}

/** The API server's sentence for a value that is not a quantity. */
export const QUANTITY_HINT = "must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (e.g. 250m, 0.5, 64Mi, 1Gi)";

/** CPU in millicores, rounded up as the kubelet does (1m is the smallest unit). */
export function milliCpu(q: string): number | null {
  const v = parseQuantity(q);
  return v === null ? null : Math.ceil(v * 1000 - 1e-9);
}

/** The value divided by a divisor quantity and rounded up: what resourceFieldRef shows (Kubernetes' ceil). */
export function divided(value: number, divisor: string | undefined): string {
  const d = divisor ? parseQuantity(divisor) : 1;
  if (!d) return String(Math.ceil(value));
  return String(Math.ceil(value / d - 1e-9));
}
