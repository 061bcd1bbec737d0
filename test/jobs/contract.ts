/**
 * The JobQueue contract, run by every implementation (compare hono's
 * router/common.case.test.ts). Each test gets fresh storage from its harness.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JobContext, JobQueue } from '../../src/jobs/types.ts';

export interface JobQueueHarness {
  /** A queue on this harness's storage. Tests close what they open; the harness closes leftovers. */
  open(opts?: { shutdownGraceMs?: number }): Promise<JobQueue>;
  /** Close every open queue and reconnect to the same storage, as a process restart would. */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

/** Wait until `check` holds (generous timeout: a condition, never a timing assertion). */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function defineJobQueueContract(name: string, createHarness: () => Promise<JobQueueHarness>): void {
  describe(`JobQueue contract: ${name}`, () => {
    let harness: JobQueueHarness | null = null;
    const setup = async () => (harness = await createHarness());
    afterEach(async () => {
      await harness?.dispose();
      harness = null;
    });

    it('runs an enqueued job with its data, id and attempt number', async () => {
      const h = await setup();
      const q = await h.open();
      const seen: { data: unknown; ctx: JobContext }[] = [];
      await q.work({ echo: async (data, ctx) => void seen.push({ data, ctx }) });
      const id = await q.enqueue('echo', { hello: 'world', n: [1, 2] });
      await waitFor(() => seen.length === 1, 'the job');
      expect(seen[0].data).toEqual({ hello: 'world', n: [1, 2] });
      expect(seen[0].ctx.id).toBe(id);
      expect(seen[0].ctx.attempt).toBe(1);
    });

    it('deduplicates by jobId, while pending and after it is done', async () => {
      const h = await setup();
      const q = await h.open();
      const runs: string[] = [];
      expect(await q.enqueue('count', { v: 1 }, { jobId: 'same-id' })).toBe('same-id');
      expect(await q.enqueue('count', { v: 2 }, { jobId: 'same-id' })).toBe('same-id');
      await q.work({ count: async (d: { v: number }, ctx) => void runs.push(`${ctx.id}:${d.v}`), sentinel: async () => void runs.push('sentinel') });
      await waitFor(() => runs.length === 1, 'the first run');
      await q.enqueue('count', { v: 3 }, { jobId: 'same-id' });
      await q.enqueue('sentinel', {});
      await waitFor(() => runs.includes('sentinel'), 'the sentinel');
      expect(runs).toEqual(['same-id:1', 'sentinel']);
    });

    it('retries a failing job with backoff until it succeeds', async () => {
      const h = await setup();
      const q = await h.open();
      const attempts: number[] = [];
      let done = false;
      await q.work({
        flaky: async (_d, ctx) => {
          attempts.push(ctx.attempt);
          if (ctx.attempt < 3) throw new Error(`fail ${ctx.attempt}`);
          done = true;
        },
      });
      await q.enqueue('flaky', {}, { attempts: 4 });
      await waitFor(() => done, 'the third attempt');
      expect(attempts).toEqual([1, 2, 3]);
      expect(await q.deadLetters()).toEqual([]);
    });

    it('dead-letters a job after its last attempt; retryDead runs it again, discardDead drops it', async () => {
      const h = await setup();
      const q = await h.open();
      const attempts: Record<string, number[]> = {};
      let healed = false;
      await q.work({
        broken: async (_d, ctx) => {
          (attempts[ctx.id] ??= []).push(ctx.attempt);
          if (!healed) throw new Error('partner endpoint is down');
        },
      });
      await q.enqueue('broken', { which: 'a' }, { jobId: 'dead-a', attempts: 3 });
      await q.enqueue('broken', { which: 'b' }, { jobId: 'dead-b', attempts: 2 });
      const dead = await waitFor(async () => {
        const list = await q.deadLetters();
        return list.length === 2 ? list : null;
      }, 'two dead jobs');
      expect(attempts['dead-a']).toEqual([1, 2, 3]);
      expect(attempts['dead-b']).toEqual([1, 2]);
      const a = dead.find((d) => d.id === 'dead-a');
      expect(a).toMatchObject({ name: 'broken', data: { which: 'a' }, attempts: 3 });
      expect(a?.error).toContain('partner endpoint is down');
      expect(Number.isNaN(Date.parse(a?.failedAt ?? ''))).toBe(false);

      healed = true;
      expect(await q.retryDead('dead-a')).toBe(true);
      await waitFor(() => attempts['dead-a'].length === 4, 'the retried job');
      expect(attempts['dead-a'][3]).toBe(1); // a fresh set of attempts
      expect(await q.discardDead('dead-b')).toBe(true);
      await waitFor(async () => (await q.deadLetters()).length === 0, 'an empty dead-letter list');
      expect(await q.retryDead('dead-b')).toBe(false);
      expect(await q.discardDead('dead-b')).toBe(false);
      expect(await q.retryDead('no-such-job')).toBe(false);
      expect(await q.discardDead('dead-a')).toBe(false); // done now, not dead
    });

    it('dead-letters jobs whose handler throws something that is not an Error, with what was thrown', async () => {
      const h = await setup();
      const q = await h.open();
      const thrown: Record<string, unknown> = { 'throws-string': 'partner said no', 'throws-undefined': undefined, 'throws-null': null };
      const runs: Record<string, number> = {};
      await q.work({
        odd: async (_d, ctx) => {
          runs[ctx.id] = ctx.attempt;
          throw thrown[ctx.id];
        },
      });
      for (const id of Object.keys(thrown)) await q.enqueue('odd', {}, { jobId: id, attempts: 2 });
      const dead = await waitFor(async () => {
        const list = await q.deadLetters();
        return list.length === 3 ? list : null;
      }, 'three dead jobs');
      for (const id of Object.keys(thrown)) {
        expect(runs[id], id).toBe(2);
        expect(dead.find((d) => d.id === id)).toMatchObject({ attempts: 2, error: expect.stringContaining(String(thrown[id])) });
      }
    });

    it('does not run a delayed job before its delay', async () => {
      const h = await setup();
      const q = await h.open();
      let ranAt = 0;
      await q.work({ later: async () => void (ranAt = Date.now()) });
      const enqueuedAt = Date.now();
      await q.enqueue('later', {}, { delayMs: 1500 });
      await waitFor(() => ranAt, 'the delayed job');
      // A lower bound only: the job may run late, never early (10 ms for clock granularity).
      expect(ranAt - enqueuedAt).toBeGreaterThanOrEqual(1490);
    });

    it('fires a cron schedule, replaces it by key, and stops after unschedule', async () => {
      const h = await setup();
      const q = await h.open();
      const ticks: unknown[] = [];
      // Replaced before any worker runs, so no tick of the first version may run.
      await q.schedule('every-second', '* * * * * *', 'tick', { v: 1 });
      await q.schedule('every-second', '* * * * * *', 'tick', { v: 2 });
      await q.work({ tick: async (d) => void ticks.push(d) });
      await waitFor(() => ticks.length >= 2, 'two cron ticks');
      expect(ticks.map((t) => (t as { v: number }).v)).toEqual(ticks.map(() => 2));
      await q.unschedule('every-second');
      await expect(q.schedule('bad', 'not a cron', 'tick', {})).rejects.toThrow(/cron/);
    });

    it('close() waits for a running job to finish', async () => {
      const h = await setup();
      const q = await h.open({ shutdownGraceMs: 10_000 });
      const order: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let started = false;
      await q.work({
        slow: async () => {
          started = true;
          await gate;
          order.push('job finished');
        },
      });
      await q.enqueue('slow', {}, { jobId: 'slow-1' });
      await waitFor(() => started, 'the slow job to start');
      const closed = q.close().then(() => order.push('closed'));
      await new Promise((r) => setTimeout(r, 300));
      release();
      await closed;
      expect(order).toEqual(['job finished', 'closed']);
      // It finished, so it is done: after a restart it does not run again.
      await h.restart();
      const q2 = await h.open();
      const reruns: string[] = [];
      await q2.work({ slow: async (_d, ctx) => void reruns.push(ctx.id), sentinel: async () => void reruns.push('sentinel') });
      await q2.enqueue('sentinel', {});
      await waitFor(() => reruns.includes('sentinel'), 'the sentinel');
      expect(reruns).toEqual(['sentinel']);
    });

    it('aborts a job that outlives the grace period and runs it again after a restart', async () => {
      const h = await setup();
      const q = await h.open({ shutdownGraceMs: 200 });
      const runs: number[] = [];
      let second = false;
      await q.work({
        stubborn: async (_d, ctx) => {
          runs.push(ctx.attempt);
          await new Promise<void>((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
        },
      });
      await q.enqueue('stubborn', {}, { jobId: 'stubborn-1', attempts: 1 });
      await waitFor(() => runs.length === 1, 'the job to start');
      await q.close();
      await h.restart();
      const q2 = await h.open();
      await q2.work({ stubborn: async () => void (second = true) });
      await waitFor(() => second, 'the interrupted job to run again');
      expect(await q2.deadLetters()).toEqual([]); // the interrupted run did not use up its one attempt
    });

    it('keeps enqueued jobs across a restart', async () => {
      const h = await setup();
      const q = await h.open();
      await q.enqueue('persist', { n: 1 }, { jobId: 'p-1' });
      await q.enqueue('persist', { n: 2 }, { jobId: 'p-2', delayMs: 300 });
      await q.close();
      await h.restart();
      const q2 = await h.open();
      const seen: number[] = [];
      await q2.work({ persist: async (d: { n: number }) => void seen.push(d.n) });
      await waitFor(() => seen.length === 2, 'both jobs');
      expect(seen.sort()).toEqual([1, 2]);
    });

    it('runs jobs concurrently up to the concurrency limit', async () => {
      const h = await setup();
      const q = await h.open();
      let active = 0;
      let peak = 0;
      let finished = 0;
      for (let i = 0; i < 9; i++) await q.enqueue('busy', { i });
      await q.work(
        {
          busy: async () => {
            active++;
            peak = Math.max(peak, active);
            await new Promise((r) => setTimeout(r, 150));
            active--;
            finished++;
          },
        },
        { concurrency: 3 },
      );
      await waitFor(() => finished === 9, 'nine jobs');
      expect(peak).toBeLessThanOrEqual(3);
      expect(peak).toBeGreaterThan(1);
    });
  });
}
