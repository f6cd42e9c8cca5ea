// The app's runtime switch (connection and no-engine screens): reconnect the session to the Docker engine or to a
// CRI runtime endpoint in crictl's form. The failure is a code the views render in English or Korean.

export const RUNTIME_METHODS = ['connectRuntime'] as const;
export type RuntimeMethod = (typeof RUNTIME_METHODS)[number];

/** The CRI socket a containerd node uses (crictl's and the kubelet's default), shown as the field's example. */
export const EXAMPLE_CRI_ENDPOINT = 'unix:///run/containerd/containerd.sock';

/**
 * Why a runtime endpoint could not be used: no file at that path; a file that is not a socket; a socket this user may
 * not open; nobody listening on it (a runtime that stopped); something that does not speak the CRI's runtime.v1 (Docker's
 * socket, containerd without its CRI plugin); a front end that may not switch (serve beyond loopback); anything else.
 */
export type RuntimeFailure = 'no-socket' | 'not-a-socket' | 'permission' | 'refused' | 'not-cri' | 'not-allowed' | 'other';

export type ConnectRuntimeResult =
  | { ok: true; endpoint: string; runtime: string; version: string }
  | { ok: false; endpoint: string; failure: RuntimeFailure; detail: string };

export interface RuntimeConnectApi {
  /** null: the Docker engine (DOCKER_HOST or the usual sockets); else a CRI endpoint such as unix:///run/containerd/containerd.sock. */
  connectRuntime(endpoint: string | null): Promise<ConnectRuntimeResult>;
}

export function isRuntimeMethod(v: unknown): v is RuntimeMethod {
  return typeof v === 'string' && (RUNTIME_METHODS as readonly string[]).includes(v);
}
