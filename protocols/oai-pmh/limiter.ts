/**
 * Flow control for list requests: beyond the configured number running at once, answer
 * 503 with Retry-After (OAI-PMH 2.0 section 3.1.2.2 lists 503 + Retry-After as the way a
 * repository asks a harvester to come back), never a slow request that times out.
 */

/** A counting gate: `tryEnter` returns a release function, or null when full. */
export function createListLimiter(max: number) {
  let running = 0;
  return {
    tryEnter(): (() => void) | null {
      if (running >= max) return null;
      running++;
      let released = false;
      return () => {
        if (!released) {
          released = true;
          running--;
        }
      };
    },
    get running() {
      return running;
    },
  };
}
