// Errors of the pod engine that carry the CLI exit code (docs/contract.md) and what the user should do.

/** Bad input; nothing was created (exit 2). */
export class PodInputError extends Error {
  readonly exitCode = 2;
  override name = 'PodInputError';
}

export class PodExistsError extends PodInputError {
  override name = 'PodExistsError';
  constructor(readonly pod: string) {
    super(`pod ${pod} already exists — choose another name with --name, or remove it first: podlab rm ${pod}`);
  }
}

export class UnknownPodError extends PodInputError {
  override name = 'UnknownPodError';
  constructor(readonly pods: string[]) {
    const observed = pods.filter((p) => p.includes('/'));
    super(
      observed.length
        ? `${observed.join(', ')}: not podlab's pod${observed.length > 1 ? 's' : ''} — podlab only observes a kubelet's pods (read-only) and never removes, stops or execs into them`
        : `unknown pod${pods.length > 1 ? 's' : ''}: ${pods.join(', ')} — see the pods podlab knows with: podlab ls`,
    );
  }
}

/** The engine did not answer the first requests of a launch: nothing was created (exit 1). */
export class EngineUnreachableError extends Error {
  readonly exitCode = 1;
  override name = 'EngineUnreachableError';
  constructor(
    readonly endpoint: string,
    reason: string,
  ) {
    super(`the Docker engine at ${endpoint} does not answer (${reason}); nothing was created`);
  }
}

/** An image is missing locally and could not be pulled (exit 1). */
export class ImagePullError extends Error {
  readonly exitCode = 1;
  override name = 'ImagePullError';
  constructor(
    readonly image: string,
    reason: string,
  ) {
    super(
      `could not pull image ${image}: ${reason}\n` +
        `  Fix: make the image available locally (docker pull ${image} on a machine with access, then docker save | docker load), ` +
        `or point podlab at a local image: PODLAB_PAUSE_IMAGE=<image> for the sandbox, PODLAB_DEMO_IMAGE=<image> for the templates' containers.`,
    );
  }
}

/** Reads the HTTP status and message of a dockerode error. */
export function engineErrorInfo(err: unknown): { status: number | null; message: string } {
  if (err instanceof Error) {
    const status = (err as { statusCode?: unknown }).statusCode;
    const json = (err as { json?: unknown }).json;
    let message = err.message;
    if (typeof json === 'object' && json !== null && typeof (json as { message?: unknown }).message === 'string') {
      message = (json as { message: string }).message;
    }
    return { status: typeof status === 'number' ? status : null, message: message.replace(/^\(HTTP code \d+\) [a-z ]+ - /, '').trim() };
  }
  return { status: null, message: String(err) };
}

/** The engine refused to publish a hostPort because something else holds it (wording varies by engine version). */
export function isHostPortTaken(err: unknown): boolean {
  return /port is already allocated|address already in use|bind: .*in use/i.test(engineErrorInfo(err).message);
}
