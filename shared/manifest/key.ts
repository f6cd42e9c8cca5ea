// A pod's identity in podlab (io.podlab.pod, the model's pod name): its name in "default", `namespace/name` elsewhere —
// kubectl's way of naming a pod of another namespace — so two pods of one name in two namespaces coexist.

export function podKey(pod: { name: string; namespace?: string }): string {
  return pod.namespace && pod.namespace !== 'default' ? `${pod.namespace}/${pod.name}` : pod.name;
}
