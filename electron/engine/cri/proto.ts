// Loads the vendored CRI api.proto and containerd's events.proto (vendor/, see vendor/README.md) once each, with
// decoding options the rest of the CRI code relies on (camelCase, enum names, int64 as strings, defaults filled in).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';

const API_PROTO = 'k8s.io/cri-api/pkg/apis/runtime/v1/api.proto';
const EVENTS_PROTO = 'github.com/containerd/containerd/api/services/events/v1/events.proto';

function hereDir(): string | null {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return null; // a bundle without a file URL: cwd is tried next
  }
}

/** The vendor/ folder: PODLAB_VENDOR_DIR, else beside the first package.json above this file (source and builds), else cwd. */
export function vendorDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PODLAB_VENDOR_DIR) return env.PODLAB_VENDOR_DIR;
  for (const start of [hereDir(), process.cwd()]) {
    for (let dir = start, i = 0; dir && i < 8; i += 1) {
      if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'vendor', API_PROTO))) return join(dir, 'vendor');
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error(`podlab cannot find vendor/${API_PROTO} (the CRI API definition); set PODLAB_VENDOR_DIR to its vendor/ folder.`);
}

const loaded = new Map<string, PackageDefinition>();

function definition(file: string): PackageDefinition {
  let def = loaded.get(file);
  if (!def) {
    const vendor = vendorDir();
    // containerd's protos import gogo as "gogoproto/gogo.proto" (the cri-api's by its full path): both roots resolve.
    def = loadSync(file, { includeDirs: [vendor, join(vendor, 'github.com/gogo/protobuf')], keepCase: false, longs: String, enums: String, defaults: true, oneofs: true });
    loaded.set(file, def);
  }
  return def;
}

/** The RuntimeService or ImageService of runtime.v1, for grpc.makeGenericClientConstructor / Client requests. */
export function criService(name: 'RuntimeService' | 'ImageService'): ServiceDefinition {
  const def = definition(API_PROTO)[`runtime.v1.${name}`];
  if (!def || !('Version' in def || 'ListImages' in def)) throw new Error(`runtime.v1.${name} is missing from the vendored api.proto`);
  return def as ServiceDefinition;
}

/** containerd's own event service (containerd.services.events.v1.Events), served on the same socket as its CRI. */
export function containerdEventsService(): ServiceDefinition {
  const def = definition(EVENTS_PROTO)['containerd.services.events.v1.Events'];
  if (!def || !('Subscribe' in def)) throw new Error('containerd.services.events.v1.Events is missing from the vendored events.proto');
  return def as ServiceDefinition;
}
