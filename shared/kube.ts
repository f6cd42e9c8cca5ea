// The Kubernetes words at the bottom of podlab's model and manifests (a module that imports nothing, so the model
// and the manifest types can both build on it without importing each other).
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
export type Protocol = 'tcp' | 'udp';
export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';
