// The engine asked for its version and container listing before a command's code is loaded, for the CLI's command
// table (electron/cli/main.ts); how and why: runtime/docker/early.ts.
export { askEarly } from './runtime/docker/early';
