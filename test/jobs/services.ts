/** The Redis URL from globalSetup; a missing Redis fails the suite (it is never skipped). */
import { inject } from 'vitest';

export function redisUrl(): string {
  const url = inject('redisUrl');
  if (!url) throw new Error(`Redis is not available for this suite: ${inject('serviceErrors') || 'no REDIS_URL'}`);
  return url;
}
