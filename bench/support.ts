/** Shared bench plumbing: a PostgreSQL to measure on, RSS sampling, percentiles, output. */
import { spawnSync } from 'node:child_process';
import { startPostgres, type Service } from '../test/setup/services.ts';

/** BENCH_DATABASE_URL, or a throwaway cluster started for this run. */
export async function benchPostgres(): Promise<Service> {
  const url = process.env.BENCH_DATABASE_URL;
  if (url) return { url, stop: async () => undefined };
  return startPostgres();
}

export function psql(url: string, args: string[], input?: string): string {
  const res = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-X', ...args], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (res.status !== 0) throw new Error(`psql failed: ${res.stderr}`);
  return res.stdout;
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Samples RSS every `ms` until stopped; returns min/max in MB. */
export function sampleRss(ms = 100) {
  const samples: number[] = [];
  const t = setInterval(() => samples.push(process.memoryUsage().rss / 2 ** 20), ms);
  return {
    samples,
    stop() {
      clearInterval(t);
      samples.push(process.memoryUsage().rss / 2 ** 20);
      return { min: Math.min(...samples), max: Math.max(...samples) };
    },
  };
}

export function line(label: string, value: string, note = ''): void {
  process.stdout.write(`${label.padEnd(48)} ${value.padStart(14)}  ${note}\n`);
}
