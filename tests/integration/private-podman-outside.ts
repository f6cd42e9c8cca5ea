// What a private Podman writes outside its own dirs, and its removal: netavark's IPAM database dir
// (/run/containers/networks), /etc/containers/networks, its iptables chains (NETAVARK_*), the libpod_parent cgroups.
// These are shared by every Podman on the machine, so instances register in /tmp/podlab-private-podman/ and the last one
// to leave restores what was there before the first one came — and never removes a chain that still has other rules.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';

const STATE = '/tmp/podlab-private-podman';
const LOCK = `${STATE}.lock`;
const PATHS = ['/run/containers/networks', '/run/containers', '/etc/containers/networks'];
const TABLES = ['filter', 'nat'] as const;

interface Baseline {
  paths: string[];
  chains: Record<string, string[]>;
  cgroups: string[];
}

export interface OutsideState {
  /**
   * Unregisters this instance, removing the rules its network left (by bridge name or its subnet's addresses, e.g.
   * "10.232.7." — left when a container was not torn down by netavark), and restores the baseline when it was the last.
   */
  release(bridge: string, subnetPrefix: string): void;
}

function quiet<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** Runs f under an exclusive lock shared by every test process (mkdir is atomic); bounded wait. */
function locked<T>(f: () => T): T {
  for (let i = 0; i < 300; i++) {
    let held = false;
    try {
      mkdirSync(LOCK);
      held = true;
    } catch {
      // another test process holds it
    }
    if (held) {
      try {
        return f();
      } finally {
        rmSync(LOCK, { recursive: true, force: true });
      }
    }
    execFileSync('sleep', ['0.1']);
  }
  throw new Error(`could not take ${LOCK} within 30 s (a crashed test may have left it: remove it)`);
}

function netavarkChains(table: string): string[] {
  const out = quiet(() => execFileSync('iptables-save', ['-t', table], { encoding: 'utf8' })) ?? '';
  return [...out.matchAll(/^:(NETAVARK[^\s]*)/gm)].map((m) => m[1]!);
}

function rules(table: string): string[] {
  const out = quiet(() => execFileSync('iptables-save', ['-t', table], { encoding: 'utf8' })) ?? '';
  return out.split('\n').filter((l) => l.startsWith('-A '));
}

function deleteRule(table: string, rule: string): void {
  // iptables-save prints each rule as its -A arguments; -D with the same arguments removes exactly that rule.
  const args = rule.slice(3).match(/"[^"]*"|\S+/g)?.map((a) => a.replace(/^"|"$/g, '')) ?? [];
  quiet(() => execFileSync('iptables', ['-t', table, '-D', ...args], { stdio: 'ignore' }));
}

function libpodCgroups(): string[] {
  return (quiet(() => readdirSync('/sys/fs/cgroup')) ?? []).map((c) => `/sys/fs/cgroup/${c}/libpod_parent`).filter((p) => existsSync(p));
}

function liveUsers(): string[] {
  return (quiet(() => readdirSync(`${STATE}/users`)) ?? []).filter((u) => {
    const pid = Number(quiet(() => readFileSync(`${STATE}/users/${u}`, 'utf8')));
    return pid > 0 && quiet(() => process.kill(pid, 0)) !== undefined;
  });
}

/** Registers a private Podman instance (the first one records what exists before any of them). */
export function podmanOutside(tag: string): OutsideState {
  locked(() => {
    mkdirSync(`${STATE}/users`, { recursive: true });
    if (liveUsers().length === 0) {
      const baseline: Baseline = { paths: PATHS.filter((p) => existsSync(p)), chains: Object.fromEntries(TABLES.map((t) => [t, netavarkChains(t)])), cgroups: libpodCgroups() };
      writeFileSync(`${STATE}/baseline.json`, JSON.stringify(baseline));
    }
    writeFileSync(`${STATE}/users/${tag}`, String(process.pid));
  });
  return {
    release(bridge: string, subnetPrefix: string): void {
      locked(() => {
        rmSync(`${STATE}/users/${tag}`, { force: true });
        const ours = (r: string): boolean => r.includes(bridge) || r.includes(` ${subnetPrefix}.`) || r.includes(`--to-destination ${subnetPrefix}.`);
        for (const t of TABLES) for (const r of rules(t).filter(ours)) deleteRule(t, r);
        quiet(() => execFileSync('ip', ['link', 'del', bridge], { stdio: 'ignore' }));
        if (liveUsers().length > 0) return;
        const baseline = quiet(() => JSON.parse(readFileSync(`${STATE}/baseline.json`, 'utf8')) as Baseline);
        if (baseline) restore(baseline);
        rmSync(STATE, { recursive: true, force: true });
      });
    },
  };
}

/** Removes the NETAVARK chains, paths and cgroups that appeared since the baseline, when nothing else uses them. */
function restore(baseline: Baseline): void {
  for (const t of TABLES) {
    const added = netavarkChains(t).filter((c) => !(baseline.chains[t] ?? []).includes(c));
    const all = rules(t);
    // A new chain goes only when its own rules are netavark's generic ones (no subnet of another network in them).
    const removable = added.filter((c) => all.filter((r) => r.startsWith(`-A ${c} `)).every((r) => !/ -[sd] \d/.test(r)));
    for (const r of all) if (removable.some((c) => r.includes(`-j ${c}`) && !r.startsWith(`-A ${c} `))) deleteRule(t, r);
    for (const c of removable) {
      quiet(() => execFileSync('iptables', ['-t', t, '-F', c], { stdio: 'ignore' }));
    }
    for (const c of removable) quiet(() => execFileSync('iptables', ['-t', t, '-X', c], { stdio: 'ignore' }));
  }
  for (const p of PATHS) if (!baseline.paths.includes(p)) rmSync(p, { recursive: true, force: true });
  // Deepest first: libpod_parent keeps an empty cgroup per container (and conmon's) after they are gone.
  for (const cg of libpodCgroups()) if (!baseline.cgroups.includes(cg)) for (const d of cgroupTree(cg).reverse()) quiet(() => rmdirSync(d));
}

function cgroupTree(dir: string): string[] {
  const subs = (quiet(() => readdirSync(dir, { withFileTypes: true })) ?? []).filter((e) => e.isDirectory());
  return [dir, ...subs.flatMap((e) => cgroupTree(`${dir}/${e.name}`))];
}
