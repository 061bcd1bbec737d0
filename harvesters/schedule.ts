/**
 * Keeping the job queue's cron schedules in step with the sources: a source with a
 * `schedule` (and not disabled) runs `harvest.run` on it; any other has no schedule.
 */
import type { JobQueue } from '../src/jobs/types.ts';
import type { HarvestSource } from './source.ts';

/** The schedule key of a source in the job queue. */
export function toScheduleKey(sourceId: string): string {
  return `harvest:${sourceId}`;
}

/** Schedule (or unschedule) a source after it was created or replaced. */
export async function syncHarvestSchedule(queue: JobQueue, source: HarvestSource): Promise<void> {
  if (source.schedule && source.enabled !== false) await queue.schedule(toScheduleKey(source.id), source.schedule, 'harvest.run', { sourceId: source.id });
  else await queue.unschedule(toScheduleKey(source.id));
}

/** Drop a removed source's schedule. */
export async function removeHarvestSchedule(queue: JobQueue, sourceId: string): Promise<void> {
  await queue.unschedule(toScheduleKey(sourceId));
}
