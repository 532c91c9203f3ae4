/**
 * GET and DELETE /__emulator/outbox (listOutbox, clearOutbox), and the handle's `outbox`:
 * per namespace, oldest first, filtered by recipient, bounded, emptied by a reset. The e-mails
 * here are put in through the handle; the flows that send them have tests of their own.
 */
import t from 'tap';
import type { Mail } from '../../src/tiledesk/mail.js';
import { emulator, internals, matchesSpec, send } from '../helpers.js';

const get = (url: string, path: string, headers?: Record<string, string>) =>
  send(url, path, undefined, { method: 'GET', headers });
const del = (url: string, path: string) => send(url, path, undefined, { method: 'DELETE' });

function mail(to: string, kind: Mail['kind'] = 'password-changed'): Mail {
  return {
    kind,
    from: 'Tiledesk Notification <postmaster@mg.tiledesk.com>',
    to,
    bcc: [],
    subject: '[Tiledesk] Your password has been changed',
    text: 'Hello,',
    html: '<p>Hello,</p>',
    links: [],
  };
}

t.test('GET /__emulator/outbox (listOutbox)', async (t) => {
  const run = await internals(t, { now: () => new Date('2026-02-01T10:00:00.000Z') });
  const emu = run.emulator;
  const outbox = run.state.outbox;
  t.beforeEach(() => emu.reset());

  t.test('returns every e-mail, oldest first, numbered and dated', async (t) => {
    outbox.add(mail('a@example.com'), new Date('2026-02-01T10:00:00.000Z'));
    outbox.add(mail('b@example.com'), new Date('2026-02-01T10:00:01.000Z'));
    const res = await get(emu.url, '/__emulator/outbox');
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'listOutbox', 'control');
    t.match(res.body, [
      { seq: Number, at: '2026-02-01T10:00:00.000Z', to: 'a@example.com' },
      { at: '2026-02-01T10:00:01.000Z', to: 'b@example.com' },
    ]);
    const [first, second] = res.body as { seq: number }[];
    t.equal(second?.seq, (first?.seq ?? 0) + 1);
  });

  t.test('?to= keeps the e-mails to that address, in any case', async (t) => {
    outbox.add(mail('a@example.com'), new Date());
    outbox.add(mail('b@example.com, c@example.com'), new Date());
    const res = await get(emu.url, '/__emulator/outbox?to=C@Example.com');
    await matchesSpec(t, res, 'listOutbox', 'control');
    t.same(
      (res.body as Mail[]).map((m) => m.to),
      ['b@example.com, c@example.com'],
    );
    t.same((await get(emu.url, '/__emulator/outbox?to=nobody@example.com')).body, []);
    t.equal(outbox.last('a@example.com')?.to, 'a@example.com');
  });

  t.test('DELETE empties it; so does a reset (POST /__emulator/reset)', async (t) => {
    outbox.add(mail('a@example.com'), new Date());
    const cleared = await del(emu.url, '/__emulator/outbox');
    t.equal(cleared.status, 204);
    await matchesSpec(t, cleared, 'clearOutbox', 'control');
    t.same((await get(emu.url, '/__emulator/outbox')).body, []);
    outbox.add(mail('a@example.com'), new Date());
    const reset = await send(emu.url, '/__emulator/reset', {});
    t.equal(reset.status, 200);
    t.same((await get(emu.url, '/__emulator/outbox')).body, []);
    t.same(outbox.list(), []);
  });

  t.test('a namespace has an outbox of its own', async (t) => {
    outbox.add(mail('a@example.com'), new Date());
    const other = await get(emu.url, '/__emulator/outbox', { 'x-emulator-namespace': 'w1' });
    t.equal(other.status, 200);
    t.same(other.body, []);
  });
});

t.test('the outbox is bounded (--outbox-limit)', async (t) => {
  const run = await internals(t, { outboxLimit: 2 });
  const emu = run.emulator;
  const outbox = run.state.outbox;
  for (const to of ['a@example.com', 'b@example.com', 'c@example.com']) {
    outbox.add(mail(to), new Date());
  }
  const res = await get(emu.url, '/__emulator/outbox');
  await matchesSpec(t, res, 'listOutbox', 'control');
  t.same(
    (res.body as Mail[]).map((m) => m.to),
    ['b@example.com', 'c@example.com'],
    'the oldest goes first',
  );
  t.equal(res.headers['x-emulator-outbox-dropped'], '1');
  t.match(
    res.headers['x-emulator-diagnostic'],
    /keeps the last 2 e-mails \(--outbox-limit\); 1 older/,
  );
  await del(emu.url, '/__emulator/outbox');
  const after = await get(emu.url, '/__emulator/outbox');
  t.equal(after.headers['x-emulator-outbox-dropped'], undefined, 'the count starts again');
});
