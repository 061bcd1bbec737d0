/** Lifting embargoes: an embargoed record reaches incremental OAI-PMH harvesters on its date. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/db.ts';
import { daysFromNow, utcDate } from '../support/records.ts';
import { createOaiHarness, toTestRecord, type OaiHarness } from '../oai-pmh/harness.ts';
import { liftEmbargoes } from '../../src/records/embargo.ts';
import { createJobHandlers, JOB_SCHEDULES } from '../../src/app.ts';
import { createRecordValidator } from '../../src/records/schema.ts';

describe.each(DATABASE_KINDS)('embargo lifting on %s', (kind) => {
  let h: OaiHarness;
  beforeAll(async () => {
    h = await createOaiHarness(kind);
  });
  afterAll(async () => h?.close());

  const row = async (id: string) =>
    (await h.db.pool.query<{ datestamp: string; revision: number; json: unknown }>(`SELECT datestamp, revision, json FROM records WHERE id = $1`, [id])).rows[0];
  const events = async (id: string) =>
    (await h.db.pool.query<{ type: string }>(`SELECT type FROM outbox WHERE record_id = $1 AND type = 'record.embargo-lifted'`, [id])).rows.length;
  const embargoed = (title: string, until: string) => toTestRecord(title, { access: { record: 'embargoed', embargo: { until } } } as never);

  it('moves the datestamp of a record whose embargo ended after it was written, once', async () => {
    // Written two days ago under an embargo that ended today: visible now, but its
    // datestamp is older than any harvest made since yesterday.
    const today = utcDate();
    const id = await h.create(embargoed('Lifted today', today));
    await h.db.pool.query(`UPDATE records SET datestamp = now() - interval '2 days' WHERE id = $1`, [id]);
    const before = await row(id);
    const from = `${utcDate(-1)}`;
    const listed = async () => (await h.get(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${from}`)).text.includes(`:${id}</identifier>`);
    expect(await listed()).toBe(false);

    expect(await liftEmbargoes(h.db.pool)).toContain(id);
    const after = await row(id);
    expect(Date.parse(after.datestamp)).toBeGreaterThan(Date.parse(before.datestamp));
    // Nothing in the record changed: same JSON, same revision.
    expect(after.revision).toBe(before.revision);
    expect(after.json).toEqual(before.json);
    expect(await events(id)).toBe(1);
    expect(await listed()).toBe(true);

    // Again: nothing to do, no second event.
    expect(await liftEmbargoes(h.db.pool)).not.toContain(id);
    expect((await row(id)).datestamp).toBe(after.datestamp);
    expect(await events(id)).toBe(1);
  });

  it('leaves running embargoes, records written after their embargo ended, and deleted records alone', async () => {
    const future = await h.create(embargoed('Still embargoed', utcDate(10)));
    const past = await h.create(embargoed('Written after its embargo', '2020-01-01'));
    const gone = await h.create(embargoed('Deleted', utcDate()));
    await h.db.pool.query(`UPDATE records SET datestamp = now() - interval '2 days', deleted_at = now() - interval '2 days' WHERE id = $1`, [gone]);
    const lifted = await liftEmbargoes(h.db.pool);
    expect(lifted).not.toContain(future);
    expect(lifted).not.toContain(past);
    expect(lifted).not.toContain(gone);
    // On the future date, the running embargo is lifted in its turn.
    expect(await liftEmbargoes(h.db.pool, daysFromNow(11))).toContain(future);
  });

  it('runs as a scheduled job of the app', async () => {
    const schedule = JOB_SCHEDULES.find((s) => s.name === 'records.liftEmbargoes');
    expect(schedule?.cron).toBe('*/15 * * * *');
    const id = await h.create(embargoed('Lifted by the job', utcDate()));
    await h.db.pool.query(`UPDATE records SET datestamp = now() - interval '1 day' WHERE id = $1`, [id]);
    const handlers = createJobHandlers({ db: h.db, validator: createRecordValidator(), hooks: {} });
    await handlers['records.liftEmbargoes']({} as never, {} as never);
    expect(await events(id)).toBe(1);
  });
});
