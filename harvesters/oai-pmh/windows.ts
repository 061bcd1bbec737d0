/**
 * Date arguments and date windows for selective harvesting (OAI-PMH 3.3). Some servers
 * reject, or time out on, wide from/until ranges; a source can ask for monthly or daily
 * windows, harvested in order, each one a checkpoint for resuming.
 */
import type { DateWindow } from '../source.ts';

export type Granularity = 'YYYY-MM-DD' | 'YYYY-MM-DDThh:mm:ssZ';

/** An ISO date or datetime in the server's granularity. `from` and `until` are both inclusive (OAI-PMH 3.3.1). */
export function toOaiDate(iso: string, granularity: Granularity): string {
  const day = iso.slice(0, 10);
  if (granularity === 'YYYY-MM-DD') return day;
  const ms = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(ms) ? `${day}T00:00:00Z` : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface DateRange {
  from: string | null;
  until: string | null;
}

function startOfNext(ms: number, kind: 'monthly' | 'daily'): number {
  const d = new Date(ms);
  return kind === 'daily' ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * The ranges a run harvests, in order. `start` is the run's lower bound (null: from the
 * beginning), `end` the server's time when the run began. With windows, each range ends
 * one granule before the next begins, so none overlaps another (both bounds are inclusive).
 */
export function toDateRanges(start: string | null, end: string, kind: DateWindow, granularity: Granularity, earliest: string | null): DateRange[] {
  if (kind === 'none') return [{ from: start ? toOaiDate(start, granularity) : null, until: null }];
  const first = start ?? earliest ?? '1970-01-01';
  let ms = Date.parse(toOaiDate(first, 'YYYY-MM-DDThh:mm:ssZ'));
  const endMs = Date.parse(toOaiDate(end, 'YYYY-MM-DDThh:mm:ssZ'));
  const granule = granularity === 'YYYY-MM-DD' ? 86_400_000 : 1000;
  if (granularity === 'YYYY-MM-DD') ms -= ms % 86_400_000;
  const out: DateRange[] = [];
  while (ms <= endMs) {
    const next = startOfNext(ms, kind);
    const last = next > endMs;
    const untilMs = last ? endMs : next - granule;
    out.push({ from: toOaiDate(new Date(ms).toISOString(), granularity), until: toOaiDate(new Date(untilMs).toISOString(), granularity) });
    ms = next;
  }
  return out;
}
