// Every message code podlab's model and events carry, and the shape of a message. Adding a sentence means adding its
// code here and its rendering to en.ts and ko.ts (the types and tests/unit/i18n-codes.test.ts insist on both).

export const MESSAGE_CODES = [
  // Why a pod's phase is what it is (PodModel.why.message; its English is PodModel.reason).
  'pod.sandboxGone',
  'pod.containerError',
  'pod.sandboxNotRunningChanged',
  'pod.sandboxState',
  'pod.noContainers',
  'pod.waitingRestart',
  'pod.hostPortAllocated',
  'pod.hostPortAllocatedTo',
  'pod.kubernetesReason',
  // What happened to a container (ContainerModel.why; its English is ContainerModel.message).
  'container.engineError',
  'container.startUnrecorded',
  'container.stranded',
  'container.strandedNever',
  'container.strandedSandboxChanged',
  'container.strandedNetns',
  'container.bindFailedUnknownPort',
  // Port conflicts: the sentence naming victim, port and holder, and what Kubernetes would do.
  'conflict.podPort',
  'conflict.podPortInferred',
  'conflict.podPortInferredCommand',
  'conflict.podPortGuessed',
  'conflict.sureLikely',
  'conflict.sureGuess',
  'conflict.sourceCommand',
  'conflict.sourceEnv',
  'conflict.podPortWithKubernetes',
  'conflict.hostPort',
  'conflict.hostPortWithKubernetes',
  'conflict.exited',
  'conflict.failed',
  'conflict.netns',
  'conflict.netnsUnnamed',
  'conflict.onAddress',
  'conflict.holderOnAddress',
  'conflict.processPid',
  'conflict.pid',
  'conflict.heldByContainer',
  'conflict.heldByContainerProc',
  'conflict.heldByProcess',
  'conflict.heldByUnknownSocket',
  'conflict.heldByPod',
  'conflict.heldByOtherContainer',
  'conflict.heldByHostProcess',
  'conflict.heldByHostProcessPid',
  'conflict.heldByHostPid',
  'conflict.heldByHostUnknown',
  'conflict.heldByNothingVisible',
  'k8s.crashLoop',
  'k8s.terminated',
  'k8s.crash',
  'k8s.crashDuplicate',
  'k8s.hostPortPending',
  'k8s.crashLoopExplained',
  'k8s.terminatedSentence',
  'k8s.duplicateWarned',
  'k8s.withDuplicate',
  // Events, in the kubelet's and the scheduler's words (PodEvent.why; its English is PodEvent.message).
  'event.whoSandbox',
  'event.whoContainer',
  'event.created',
  'event.pulled',
  'event.started',
  'event.killing',
  'event.exited',
  'event.oomKilled',
  'event.removed',
  'event.sandboxChanged',
  'event.failedScheduling',
  'event.backOff',
  'event.backOffBecause',
  'event.scheduled',
  'event.text',
  'event.failedPostStartHook',
  'event.failedPreStopHook',
  // podlab's pre-launch predictions of port collisions.
  'predict.conflict',
  'predict.warning',
  'predict.fromCommands',
  'predict.fromDeclared',
  'predict.fromMixed',
  'manifest.apiWarning',
  // A container that failed for a reason of its own (no port conflict): the line of its log that says why.
  'container.exitedSaying',
  // The snapshot compare view's notes (SnapshotDiff: PodDiff.noteMessages; their English is PodDiff.notes).
  'diff.strandedNote',
  'diff.olderSecond',
  'diff.noteLabel',
  'manifest.inPod',
  'container.livenessFailing',
] as const;

export type MessageCode = (typeof MESSAGE_CODES)[number];
export type Lang = 'en' | 'ko';

/** A parameter is a plain value or another message (rendered in the same language). null renders as nothing. */
export type Param = string | number | Message | null;
export type Params = Readonly<Record<string, Param>>;

export interface Message {
  code: MessageCode;
  params?: Params;
}

/** A rendering: a template with {name} placeholders, or a function for sentences whose shape depends on the facts. */
export type Template = string | ((p: Params, say: (x: Param | undefined) => string) => string);
