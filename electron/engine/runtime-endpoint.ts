// Which CRI runtime to use, by crictl's conventions: `--runtime-endpoint URL` (the CLI and the app put it into
// CONTAINER_RUNTIME_ENDPOINT) or CONTAINER_RUNTIME_ENDPOINT itself; none means Docker as before. No imports: the
// Docker path checks this without loading gRPC.

export const RUNTIME_ENDPOINT_FLAG = '--runtime-endpoint';

export function criEndpoint(env: NodeJS.ProcessEnv = process.env): string | null {
  const e = env.CONTAINER_RUNTIME_ENDPOINT?.trim();
  return e ? e : null;
}

/**
 * Takes `--runtime-endpoint URL` / `--runtime-endpoint=URL` out of argv (anywhere before a `--`), returning the rest
 * and the endpoint; throws when the flag has no value.
 */
export function takeRuntimeEndpoint(argv: string[]): { argv: string[]; endpoint: string | null } {
  const rest: string[] = [];
  let endpoint: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (a === RUNTIME_ENDPOINT_FLAG) {
      const v = argv[i + 1];
      if (!v || v.startsWith('--')) throw new Error(`${RUNTIME_ENDPOINT_FLAG} needs a value, e.g. ${RUNTIME_ENDPOINT_FLAG} unix:///run/containerd/containerd.sock`);
      endpoint = v;
      i++;
    } else if (a.startsWith(`${RUNTIME_ENDPOINT_FLAG}=`)) {
      endpoint = a.slice(RUNTIME_ENDPOINT_FLAG.length + 1);
      if (!endpoint) throw new Error(`${RUNTIME_ENDPOINT_FLAG} needs a value, e.g. ${RUNTIME_ENDPOINT_FLAG}=unix:///run/containerd/containerd.sock`);
    } else rest.push(a);
  }
  return { argv: rest, endpoint };
}
