// The one API every front end uses (Electron IPC, the `serve` WebSocket, the CLI in-process).
// The engine side implements it (electron/engine/engine.ts); transports only carry it.
import type { ProveResult } from './hands/prove';
import type { Conflict, Model, PlainContainer, PodModel, Snapshot } from './model';
import type { NodeListing } from './node';
import type { Lang, Message } from './i18n/codes';

export interface PullProgress {
  image: string;
  /** 0..1, or null when the engine does not report totals. */
  fraction: number | null;
  status: string;
  done: boolean;
}

export interface LaunchRequest {
  /** A built-in template name, or a manifest text (YAML or JSON). */
  template?: string;
  manifest?: string;
  name?: string;
  wait?: boolean;
}

export interface AddContainerRequest {
  pod: string;
  container: string;
  image: string;
  port?: { containerPort: number; protocol: 'tcp' | 'udp' };
  command?: string[];
  wait?: boolean;
}

export interface LaunchResult {
  pod: PodModel;
  warnings: string[];
  /** True when every container runs; false when something failed (see pod.conflicts / containers). */
  ok: boolean;
}

export interface ValidateResult {
  ok: boolean;
  errors: { path: string; message: string }[];
  warnings: string[];
  /** The same warnings as message codes, for views in another language. */
  warningWhy?: Message[];
}

export interface TemplateInfo {
  name: string;
  title: string;
  description: string;
  manifest: string;
  /** The title and lesson in other languages (annotations podlab.io/title.<lang>, podlab.io/description.<lang>). */
  translations?: Partial<Record<Lang, { title: string; description: string }>>;
}

export type ContainerAction = 'stop' | 'start' | 'restart';

/** Events pushed from the engine side to every front end. */
export type PushEvent =
  | { type: 'model'; model: Model; /** The pods changed since the previous model push (absent: any may have). */ changed?: string[] }
  | { type: 'pull'; progress: PullProgress }
  | { type: 'log'; pod: string; container: string; line: string; stream: 'stdout' | 'stderr' }
  | { type: 'conflict'; conflict: Conflict };

export interface PodlabApi {
  getModel(): Promise<Model>;
  listTemplates(): Promise<TemplateInfo[]>;
  validateManifest(text: string): Promise<ValidateResult>;
  launch(req: LaunchRequest): Promise<LaunchResult>;
  addContainer(req: AddContainerRequest): Promise<LaunchResult>;
  containerAction(pod: string, container: string, action: ContainerAction): Promise<void>;
  killSandbox(pod: string): Promise<void>;
  removePod(pod: string): Promise<void>;
  removeAll(): Promise<number>;
  snapshot(pods?: string[]): Promise<Snapshot>;
  exportManifest(pod: string): Promise<string>;
  /** Last lines of a container's log, then live lines arrive as `log` push events while followed. */
  logs(pod: string, container: string, tail: number): Promise<string[]>;
  followLogs(pod: string, container: string | null): Promise<void>;
  /** The log of the attempt before the current one (kubectl logs --previous); an error when it was never restarted. */
  previousLogs(pod: string, container: string, tail: number): Promise<string[]>;
  /** One IP and reach over localhost, read from inside the pod's running containers (podlab prove). */
  prove(pod: string): Promise<ProveResult>;
  /** The manifest the plain Docker way: each container its own `docker run` on docker0 (own netns, veth, IP). */
  launchPlain(req: LaunchRequest): Promise<PlainLaunchResult>;
  /** Removes a podlab plain group's containers (never a container podlab did not create). */
  removePlainGroup(group: string): Promise<void>;
  /** What the runtime itself lists (`docker ps -a`), pause containers marked, each row mapped to the model. */
  nodeListing(): Promise<NodeListing>;
}

export interface PlainLaunchResult {
  group: string;
  /** The pod this group is the plain twin of (the manifest's metadata.name). */
  twin: string;
  containers: PlainContainer[];
  /** Containers the engine could not create or start, in its words. */
  failures: { container: string; message: string }[];
  warnings: string[];
  /** True when every container runs. */
  ok: boolean;
  /** What plain mode means, in one sentence. */
  lesson: string;
}
