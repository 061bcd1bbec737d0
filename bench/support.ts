/** Shared bench plumbing: a PostgreSQL to measure on, RSS sampling, percentiles, output. */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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

/** CPU time (user + system) a process has used, in ms, from /proc (Linux); undefined elsewhere or once it has exited. */
export function processCpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks, USER_HZ = 100
  } catch {
    return undefined;
  }
}

/**
 * CPU used by the PostgreSQL backends serving `database` on this machine, sampled until
 * stopped: each backend is read every `ms`, so one that exits (a pool closing an idle
 * connection) still counts up to its last sample, and one that starts later (a pool opening
 * a connection) counts from its start. Backends are found by their process title
 * ("postgres: <user> <database> <client>"); a server on another machine has none here, and
 * stop() then returns undefined.
 */
export function sampleBackendCpu(database: string, ms = 250) {
  const seen = new Map<string, { first: number; last: number }>();
  const title = new RegExp(`^postgres: \\S+ ${database.replace(/\W/g, '\\$&')} `);
  let started = false;
  const sample = () => {
    let pids: string[];
    try {
      pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
    } catch {
      return; // not Linux: no figures
    }
    for (const pid of pids) {
      let cmdline: string;
      try {
        cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!title.test(cmdline)) continue;
      const cpu = processCpuMs(Number(pid));
      if (cpu === undefined) continue;
      const s = seen.get(pid);
      if (s) s.last = cpu;
      else seen.set(pid, { first: started ? 0 : cpu, last: cpu });
    }
  };
  sample();
  started = true;
  const timer = setInterval(sample, ms);
  return {
    /** CPU ms used since the start, or undefined when no backend of `database` was seen. */
    stop(): number | undefined {
      clearInterval(timer);
      sample();
      if (!seen.size) return undefined;
      let total = 0;
      for (const s of seen.values()) total += s.last - s.first;
      return total;
    },
  };
}

export function line(label: string, value: string, note = ''): void {
  process.stdout.write(`${label.padEnd(48)} ${value.padStart(14)}  ${note}\n`);
}
