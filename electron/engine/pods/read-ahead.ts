// What a launch reads of its pod while it still waits for the engine: each app container's status right after its own
// start (not all of them after the last start), the sandbox's with its pid, and the bridges. The pod's read-back then
// takes them instead of asking again, each once — a later read is the runtime's own.
import type { BridgeNetwork, ContainerStatus, Runtime, SandboxStatus } from '../runtime/runtime';

export class ReadAhead {
  private readonly containers = new Map<string, Promise<ContainerStatus | null>>();
  private readonly sandboxes = new Map<string, Promise<SandboxStatus | null>>();
  private bridges: Promise<BridgeNetwork[]> | null = null;

  constructor(private readonly rt: Runtime) {}

  /** Starts reading a container that has just started. */
  container(id: string): void {
    this.keep(this.containers, id, this.rt.containers.status(id));
  }

  /** Starts reading the sandbox (its pid is what the launch wanted); resolves to it. */
  sandbox(id: string): Promise<SandboxStatus | null> {
    return this.keep(this.sandboxes, id, this.rt.sandboxes.status(id));
  }

  /** Starts listing the bridges (they do not change with the pod). */
  bridgesNow(): void {
    this.bridges = this.rt.bridges();
    this.bridges.catch(() => undefined);
  }

  /** The runtime, answering the reads started here from them (once each), everything else itself. */
  runtime(): Runtime {
    const take = <T>(m: Map<string, Promise<T>>, id: string, read: (id: string) => Promise<T>): Promise<T> => {
      const p = m.get(id);
      m.delete(id);
      return p ?? read(id);
    };
    const rt = this.rt;
    const bridges = (): Promise<BridgeNetwork[]> => {
      const p = this.bridges;
      this.bridges = null;
      return p ?? rt.bridges();
    };
    return Object.create(rt, {
      containers: { value: { ...rt.containers, status: (id: string) => take(this.containers, id, (x) => rt.containers.status(x)) } },
      sandboxes: { value: { ...rt.sandboxes, status: (id: string) => take(this.sandboxes, id, (x) => rt.sandboxes.status(x)) } },
      bridges: { value: bridges },
    }) as Runtime;
  }

  private keep<T>(m: Map<string, Promise<T>>, id: string, p: Promise<T>): Promise<T> {
    p.catch(() => undefined); // whoever takes it gets the failure; nobody taking it is not an unhandled rejection
    m.set(id, p);
    return p;
  }
}
