/** A command line the CLI cannot run: printed as one message, exit code 2. */
export class UsageError extends Error {}
