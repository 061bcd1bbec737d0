/**
 * Withdrawn records: a record anonymous readers saw and may no longer see is a deletion to
 * an OAI-PMH harvester (deletedRecord=persistent, OAI-PMH 2.0 section 2.5.1); a record
 * never visible stays unknown. Runs on PGlite and PostgreSQL, responses checked with xmllint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, system } from '../../src/access/identity.ts';
import { canRead, type AccessFacts } from '../../src/access/policy.ts';
import { DATABASE_KINDS } from '../support/db.ts';
import { utcDate } from '../support/records.ts';
import { createOaiHarness, REPO_ID, toTestRecord, type OaiHarness } from './harness.ts';
import { expectValidOai, toErrorCodes, toIdentifiers, toMetadataPayloads } from './oai-assert.ts';

describe.each(DATABASE_KINDS)('withdrawn records in OAI-PMH on %s', (kind) => {
  let h: OaiHarness;
  beforeAll(async () => {
    h = await createOaiHarness(kind);
  });
  afterAll(async () => h?.close());

  const oaiId = (id: string) => `oai:${REPO_ID}:${id}`;
  const header = (xml: string, id: string) => new RegExp(`<header( status="deleted")?><identifier>${oaiId(id)}</identifier><datestamp>([^<]+)</datestamp>`).exec(xml);
  const restrict = async (id: string) => {
    const rec = await h.store.get(system, id);
    await h.store.update(system, id, { ...rec, access: { record: 'restricted', owners: ['alice'] } } as never);
  };

  it('reports a public record made restricted as deleted, from the write that withdrew it, without metadata', async () => {
    const id = await h.create(toTestRecord('Public, then restricted'));
    const before = await h.get(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${oaiId(id)}`);
    expect(header(before.text, id)?.[1]).toBeUndefined();
    await restrict(id);

    const got = await h.get(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${oaiId(id)}`);
    expectValidOai(got.text);
    expect(header(got.text, id)?.[1]).toBe(' status="deleted"');
    expect(got.text).not.toContain('Public, then restricted');
    // The withdrawal is a change: harvests from the time of the write see it.
    const datestamp = header(got.text, id)![2];
    const list = await h.get(`verb=ListRecords&metadataPrefix=oai_dc&from=${datestamp}`);
    expectValidOai(list.text);
    expect(toIdentifiers(list.text)).toContain(oaiId(id));
    expect(header(list.text, id)?.[1]).toBe(' status="deleted"');
    expect(toMetadataPayloads(list.text).join('')).not.toContain('Public, then restricted');
    const formats = await h.get(`verb=ListMetadataFormats&identifier=${oaiId(id)}`);
    expectValidOai(formats.text);
    expect(formats.text).toContain('<metadataPrefix>oai_dc</metadataPrefix>');

    // Made public again, it is a live record again.
    const rec = await h.store.get(system, id);
    await h.store.update(system, id, { ...rec, access: { record: 'public' } } as never);
    const again = await h.get(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${oaiId(id)}`);
    expect(header(again.text, id)?.[1]).toBeUndefined();
    expect(again.text).toContain('Public, then restricted');
  });

  it('keeps a record that was never visible unknown, in every verb', async () => {
    const id = await h.create(toTestRecord('Restricted from the start', { access: { record: 'restricted', owners: ['alice'] } } as never));
    const embargoed = await h.create(toTestRecord('Embargoed from the start', { access: { record: 'embargoed', embargo: { until: utcDate(30) } } } as never));
    for (const hidden of [id, embargoed]) {
      expect(toErrorCodes((await h.get(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${oaiId(hidden)}`)).text)).toEqual(['idDoesNotExist']);
      expect(toErrorCodes((await h.get(`verb=ListMetadataFormats&identifier=${oaiId(hidden)}`)).text)).toEqual(['idDoesNotExist']);
      expect(toIdentifiers((await h.get('verb=ListIdentifiers&metadataPrefix=oai_dc')).text)).not.toContain(oaiId(hidden));
    }
    // Restricting it again does not make it known either.
    await restrict(id);
    expect(toIdentifiers((await h.get('verb=ListIdentifiers&metadataPrefix=oai_dc')).text)).not.toContain(oaiId(id));
  });

  it('marks a record withdrawn exactly when the read policy takes it out of anonymous sight', async () => {
    // The trigger of migration 0008 restates the anonymous part of READ_POLICY; compare
    // them over every change between access levels and embargo dates.
    const now = new Date();
    const states: AccessFacts[] = [];
    for (const level of ['public', 'restricted', 'embargoed'] as const) {
      for (const until of [null, utcDate(-1, now), utcDate(0, now), utcDate(1, now)]) {
        if ((level === 'embargoed') !== (until !== null)) continue;
        states.push({ level, embargoUntil: until, owners: ['alice'] });
      }
    }
    const visible = (f: AccessFacts) => canRead(anonymous, f, now);
    for (const from of states) {
      for (const to of states) {
        const { rows } = await h.db.pool.query<{ id: string }>(
          `INSERT INTO records (id, json, schema, revision, created, updated, datestamp, access_level, embargo_until, owners)
           VALUES ('p' || md5(random()::text), '{}', 'x', 1, now(), now(), now(), $1, $2, $3) RETURNING id`,
          [from.level, from.embargoUntil, from.owners],
        );
        const id = rows[0].id;
        await h.db.pool.query(`UPDATE records SET access_level = $2, embargo_until = $3 WHERE id = $1`, [id, to.level, to.embargoUntil]);
        const withdrawn = async () => (await h.db.pool.query<{ w: boolean }>(`SELECT withdrawn AS w FROM records WHERE id = $1`, [id])).rows[0].w;
        const expected = visible(from) && !visible(to);
        expect({ from, to, withdrawn: await withdrawn() }).toEqual({ from, to, withdrawn: expected });
        // A later write that leaves access alone keeps the mark; one that shows the record clears it.
        await h.db.pool.query(`UPDATE records SET revision = 2 WHERE id = $1`, [id]);
        expect(await withdrawn()).toBe(expected);
        await h.db.pool.query(`UPDATE records SET access_level = 'public', embargo_until = NULL WHERE id = $1`, [id]);
        expect(await withdrawn()).toBe(false);
        await h.db.pool.query(`DELETE FROM records WHERE id = $1`, [id]);
      }
    }
  });
});
