// A CRI (runtime.v1) client over the runtime's unix socket: the calls the kubelet makes, typed, one promise each.
// Talks through @grpc/grpc-js; errors say which endpoint failed and what to do.
import { Client, credentials, Metadata, status as GrpcStatus, type ClientReadableStream, type ServiceError, type ServiceDefinition } from '@grpc/grpc-js';
import { containerdEventsService, criService } from './proto';
import type {
  Container,
  ContainerConfig,
  ContainerdEnvelope,
  ContainerEvent,
  ContainerFilter,
  ContainerStatusResponse,
  ExecSyncResponse,
  Image,
  PodSandbox,
  PodSandboxConfig,
  PodSandboxStatusResponse,
  SandboxFilter,
  StatusResponse,
  StreamRequest,
  VersionResponse,
} from './types';

/** The CRI socket the kubelet and crictl use by default on a containerd node. */
export const DEFAULT_CRI_ENDPOINT = 'unix:///run/containerd/containerd.sock';

export class CriError extends Error {
  constructor(
    readonly endpoint: string,
    readonly method: string,
    readonly code: number,
    readonly details: string,
  ) {
    super(CriError.sentence(endpoint, method, code, details));
    this.name = 'CriError';
  }

  private static sentence(endpoint: string, method: string, code: number, details: string): string {
    if (code === GrpcStatus.UNAVAILABLE)
      return `No CRI runtime answered at ${endpoint} (${details}). Start containerd (with its CRI plugin enabled), check the socket path, and run podlab as a user who may open it (usually root: sudo).`;
    if (code === GrpcStatus.UNIMPLEMENTED) return `The CRI runtime at ${endpoint} does not implement ${method} (${details}).`;
    return `CRI ${method} failed at ${endpoint}: ${details}`;
  }

  get unimplemented(): boolean {
    return this.code === GrpcStatus.UNIMPLEMENTED;
  }

  get notFound(): boolean {
    return this.code === GrpcStatus.NOT_FOUND || /not found|does not exist/i.test(this.details);
  }
}

/** `unix:///path` (crictl's form) or a bare socket path → the gRPC target; anything else is refused with the reason. */
export function criTarget(endpoint: string): string {
  if (endpoint.startsWith('unix://')) return endpoint;
  if (endpoint.startsWith('/')) return `unix://${endpoint}`;
  throw new Error(`Unsupported CRI endpoint "${endpoint}": podlab speaks the CRI over a unix socket, e.g. ${DEFAULT_CRI_ENDPOINT}.`);
}

const CALL_TIMEOUT_MS = 30_000;
/** Pulls take as long as the registry does: the CRI reports no progress, so only a generous deadline. */
const PULL_TIMEOUT_MS = 15 * 60_000;

export class CriClient {
  private readonly runtime: Client;
  private readonly images: Client;
  private readonly runtimeDef: ServiceDefinition = criService('RuntimeService');
  private readonly imageDef: ServiceDefinition = criService('ImageService');
  private eventsDef: ServiceDefinition | null = null;

  constructor(readonly endpoint: string) {
    const target = criTarget(endpoint);
    // CRI answers (ListContainers on a busy node, verbose statuses) exceed gRPC's 4 MiB default.
    const options = { 'grpc.max_receive_message_length': 64 * 1024 * 1024 };
    this.runtime = new Client(target, credentials.createInsecure(), options);
    this.images = new Client(target, credentials.createInsecure(), options);
  }

  close(): void {
    this.runtime.close();
    this.images.close();
  }

  private unary<T>(service: 'runtime' | 'image', method: string, request: object, timeoutMs = CALL_TIMEOUT_MS): Promise<T> {
    const def = (service === 'runtime' ? this.runtimeDef : this.imageDef)[method];
    const client = service === 'runtime' ? this.runtime : this.images;
    if (!def) return Promise.reject(new Error(`runtime.v1 has no method ${method}`));
    return new Promise<T>((resolve, reject) => {
      client.makeUnaryRequest(
        def.path,
        def.requestSerialize,
        // proto-loader decoded the bytes against api.proto: the shape is the message's, as ./types.ts describes it.
        (bytes: Buffer) => def.responseDeserialize(bytes) as T,
        request,
        new Metadata(),
        { deadline: Date.now() + timeoutMs },
        (err: ServiceError | null, value?: T) => {
          if (err) reject(new CriError(this.endpoint, method, err.code, err.details || err.message));
          else if (value === undefined) reject(new CriError(this.endpoint, method, GrpcStatus.INTERNAL, 'empty answer'));
          else resolve(value);
        },
      );
    });
  }

  version(): Promise<VersionResponse> {
    return this.unary('runtime', 'Version', { version: 'v1' });
  }

  status(verbose = false): Promise<StatusResponse> {
    return this.unary('runtime', 'Status', { verbose });
  }

  async runPodSandbox(config: PodSandboxConfig, runtimeHandler = ''): Promise<string> {
    return (await this.unary<{ podSandboxId: string }>('runtime', 'RunPodSandbox', { config, runtimeHandler }, 5 * 60_000)).podSandboxId;
  }

  async stopPodSandbox(podSandboxId: string): Promise<void> {
    await this.unary('runtime', 'StopPodSandbox', { podSandboxId }, 2 * 60_000);
  }

  async removePodSandbox(podSandboxId: string): Promise<void> {
    await this.unary('runtime', 'RemovePodSandbox', { podSandboxId }, 2 * 60_000);
  }

  podSandboxStatus(podSandboxId: string, verbose = true): Promise<PodSandboxStatusResponse> {
    return this.unary('runtime', 'PodSandboxStatus', { podSandboxId, verbose });
  }

  async listPodSandbox(filter: SandboxFilter = {}): Promise<PodSandbox[]> {
    return (await this.unary<{ items: PodSandbox[] }>('runtime', 'ListPodSandbox', { filter })).items;
  }

  async createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string> {
    return (await this.unary<{ containerId: string }>('runtime', 'CreateContainer', { podSandboxId, config, sandboxConfig }, 5 * 60_000)).containerId;
  }

  async startContainer(containerId: string): Promise<void> {
    await this.unary('runtime', 'StartContainer', { containerId }, 2 * 60_000);
  }

  /** timeoutS: the grace period after SIGTERM before SIGKILL (the kubelet's terminationGracePeriodSeconds). */
  async stopContainer(containerId: string, timeoutS = 10): Promise<void> {
    await this.unary('runtime', 'StopContainer', { containerId, timeout: String(timeoutS) }, (timeoutS + 30) * 1000);
  }

  async removeContainer(containerId: string): Promise<void> {
    await this.unary('runtime', 'RemoveContainer', { containerId }, 2 * 60_000);
  }

  async listContainers(filter: ContainerFilter = {}): Promise<Container[]> {
    return (await this.unary<{ containers: Container[] }>('runtime', 'ListContainers', { filter })).containers;
  }

  containerStatus(containerId: string, verbose = true): Promise<ContainerStatusResponse> {
    return this.unary('runtime', 'ContainerStatus', { containerId, verbose });
  }

  /** Runs cmd in the container and returns its output once it exits (timeoutS 0: no limit on the runtime's side). */
  execSync(containerId: string, cmd: string[], timeoutS = 0): Promise<ExecSyncResponse> {
    const deadline = timeoutS > 0 ? (timeoutS + 10) * 1000 : 10 * 60_000;
    return this.unary('runtime', 'ExecSync', { containerId, cmd, timeout: String(timeoutS) }, deadline);
  }

  /**
   * A URL on the runtime's streaming server where the command runs attached (the kubelet proxies it for kubectl exec);
   * it speaks the remotecommand protocol (../runtime/cri/streaming.ts) and is valid once, for a short while.
   */
  async exec(req: StreamRequest & { cmd: string[] }): Promise<string> {
    return (await this.unary<{ url: string }>('runtime', 'Exec', req)).url;
  }

  /** A URL on the streaming server attached to the container's own process (kubectl attach, a debug container). */
  async attach(req: StreamRequest): Promise<string> {
    return (await this.unary<{ url: string }>('runtime', 'Attach', req)).url;
  }

  /**
   * The evented PLEG's stream (GetContainerEvents). A runtime without it ends the stream at once with UNIMPLEMENTED
   * (containerd 1.6): onError receives a CriError whose `unimplemented` is true. Returns a function that cancels it.
   */
  containerEvents(onEvent: (e: ContainerEvent) => void, onError: (e: CriError) => void): () => void {
    return this.serverStream(this.runtimeDef, 'GetContainerEvents', {}, onEvent, onError);
  }

  /**
   * containerd's own event stream (events.v1.Events/Subscribe, on the same socket), narrowed by containerd filters
   * (any one matching lets an event through). A runtime that is not containerd answers UNIMPLEMENTED.
   */
  containerdEvents(filters: string[], onEvent: (e: ContainerdEnvelope) => void, onError: (e: CriError) => void): () => void {
    this.eventsDef ??= containerdEventsService();
    return this.serverStream(this.eventsDef, 'Subscribe', { filters }, onEvent, onError);
  }

  private serverStream<T>(service: ServiceDefinition, method: string, request: object, onEvent: (e: T) => void, onError: (e: CriError) => void): () => void {
    const def = service[method];
    if (!def) throw new Error(`the vendored protos have no method ${method}`);
    const stream: ClientReadableStream<T> = this.runtime.makeServerStreamRequest(
      def.path,
      def.requestSerialize,
      // Decoded by proto-loader against the vendored proto: the message's shape, as ./types.ts describes it.
      (bytes: Buffer) => def.responseDeserialize(bytes) as T,
      request,
      new Metadata(),
      {},
    );
    let cancelled = false;
    const fail = (e: CriError): void => {
      if (cancelled) return;
      cancelled = true; // one report per stream, whether it errs, ends, or both
      onError(e);
    };
    stream.on('data', (e: T) => onEvent(e));
    stream.on('error', (err: ServiceError) => fail(new CriError(this.endpoint, method, err.code, err.details || err.message)));
    // A server that closes the stream cleanly has still stopped sending: the caller resubscribes.
    stream.on('end', () => fail(new CriError(this.endpoint, method, GrpcStatus.UNAVAILABLE, 'the event stream ended')));
    return () => {
      cancelled = true;
      stream.cancel();
    };
  }

  async listImages(): Promise<Image[]> {
    return (await this.unary<{ images: Image[] }>('image', 'ListImages', { filter: {} })).images;
  }

  /** The image, or null when the runtime does not have it. */
  async imageStatus(image: string): Promise<Image | null> {
    return (await this.unary<{ image: Image | null }>('image', 'ImageStatus', { image: { image }, verbose: false })).image;
  }

  /** Pulls through the runtime's ImageService (the registry is the runtime's to reach); returns the image ref. */
  async pullImage(image: string, sandboxConfig?: PodSandboxConfig): Promise<string> {
    return (await this.unary<{ imageRef: string }>('image', 'PullImage', { image: { image }, sandboxConfig }, PULL_TIMEOUT_MS)).imageRef;
  }
}
