#!/usr/bin/env node
// The granary command. TypeScript sources run through tsx's loader, so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
// Once a command has finished, connections it could not close (BullMQ's, while Redis is
// unreachable: src/jobs/bullmq.ts) must not keep the process alive. The timer is unref'd,
// so a process with nothing left open exits at once, as before.
globalThis.setTimeout(() => process.exit(), 5000).unref();
