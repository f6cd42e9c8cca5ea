// `podlab launch --dry-run`, for front ends: the pod engine's dry run (pods/dryrun.ts), without touching the engine.
export { dryRun } from './pods/dryrun';
