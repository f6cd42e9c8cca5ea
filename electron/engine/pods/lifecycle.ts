// Creates, changes and removes pods the way the kubelet builds them (owner: pod engine, issue 2).
import type { PullProgress, ContainerAction } from '../../../shared/api';
import type { ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import type { EngineConnection } from '../docker';

export interface LaunchOptions {
  onPull?: (p: PullProgress) => void;
  /** Wait until every container has run `waitMs` (default 1000) or exited. */
  wait?: boolean;
  waitMs?: number;
}

/** Pulls missing images, creates+starts the sandbox, then the app containers in parallel. Resolves to the pod name. */
export async function launchPod(_conn: EngineConnection, _spec: PodSpec, _opts: LaunchOptions = {}): Promise<string> {
  throw new Error('launchPod: not implemented yet');
}

export async function addContainer(_conn: EngineConnection, _pod: string, _c: ContainerSpec, _opts: LaunchOptions = {}): Promise<void> {
  throw new Error('addContainer: not implemented yet');
}

export async function removePods(_conn: EngineConnection, _names: string[]): Promise<void> {
  throw new Error('removePods: not implemented yet');
}

/** Removes every podlab pod; resolves to the names removed. */
export async function removeAllPods(_conn: EngineConnection): Promise<string[]> {
  throw new Error('removeAllPods: not implemented yet');
}

export async function containerAction(_conn: EngineConnection, _pod: string, _container: string, _action: ContainerAction): Promise<void> {
  throw new Error('containerAction: not implemented yet');
}

/** Kills the pod's sandbox (SIGKILL), leaving the joined containers with only lo. */
export async function killSandbox(_conn: EngineConnection, _pod: string): Promise<void> {
  throw new Error('killSandbox: not implemented yet');
}
