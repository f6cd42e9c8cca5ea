// The entry of out/cli/dockerode.cjs (scripts/build-cli.mjs): dockerode's class, loaded on first use by the CLI.
module.exports = require('dockerode');
