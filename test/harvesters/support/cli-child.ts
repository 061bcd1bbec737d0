/**
 * Runs `granary harvest ...` (runHarvestCommand) in its own process, reporting domain errors
 * the way src/cli/main.ts does, until the lead wires the command into main().
 */
import { loadConfig } from '../../../src/config.ts';
import { DomainError } from '../../../src/errors.ts';
import { runHarvestCommand } from '../../../src/cli/harvest.ts';

try {
  process.exitCode = await runHarvestCommand(loadConfig(), process.argv.slice(2));
} catch (err) {
  if (!(err instanceof DomainError)) throw err;
  process.stderr.write(`granary: ${err.message}\n`);
  for (const d of err.details) process.stderr.write(`  ${d.pointer || '/'}: ${d.message}\n`);
  process.exitCode = 1;
}
