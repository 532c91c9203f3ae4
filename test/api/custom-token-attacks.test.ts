import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSigner } from 'fast-jwt';
import t from 'tap';
import { DEFAULT_FIXTURES_FILE } from '../../src/config.js';
import { mintCustomToken } from '../../src/emulator/custom-tokens.js';
import { loadFixtures } from '../../src/emulator/fixtures.js';
import { emulator, matchesSpec, PROJECT_ID, PROJECT_SECRET, send } from '../helpers.js';

const PATH = '/auth/signinWithCustomToken';
const AUD = `https://tiledesk.com/projects/${PROJECT_ID}`;
const OTHER_PROJECT = '65f0b0000000000000000002';
const OTHER_SECRET = 'another-project-secret';
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

t.test(
  'signinWithCustomToken rejects attack tokens with 401 "Unauthorized", never a 500',
  async (t) => {
    const { data: seed } = await loadFixtures(DEFAULT_FIXTURES_FILE, {
      config: { bcryptCost: 4, now: () => new Date() },
    });
    const other = {
      ...(seed.projects[0] as (typeof seed.projects)[number]),
      _id: OTHER_PROJECT,
      jwtSecret: OTHER_SECRET,
    };
    const fixtures = join(t.testdir(), 'seed.json');
    writeFileSync(fixtures, JSON.stringify({ ...seed, projects: [...seed.projects, other] }));
    const emu = await emulator(t, { fixtures });
    const valid = mintCustomToken({
      secret: PROJECT_SECRET,
      projectId: PROJECT_ID,
      claims: { _id: 'ext-1' },
    }).jwt;
    const [header, payload, signature] = valid.split('.');

    const cases: [string, string | undefined, RegExp][] = [
      [
        'alg none',
        `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ _id: 'ext-1', aud: AUD })}.`,
        /ALGORITHM|signature|algorithm/i,
      ],
      [
        'signed with the global secret but a project aud',
        createSigner({ key: 'nodeauthsecret' })({ _id: 'ext-1', aud: AUD }),
        /bad signature.*jwtSecret of project/,
      ],
      [
        "signed with another project's secret",
        createSigner({ key: OTHER_SECRET })({ _id: 'ext-1', aud: AUD }),
        /bad signature/,
      ],
      [
        'signed with a secret no project has',
        createSigner({ key: 'guess' })({ _id: 'ext-1', aud: AUD }),
        /bad signature/,
      ],
      [
        'expired',
        mintCustomToken({
          secret: PROJECT_SECRET,
          projectId: PROJECT_ID,
          claims: { _id: 'e', exp: nowSeconds() - 10 },
        }).jwt,
        /expired/,
      ],
      [
        'nbf in the future',
        mintCustomToken({
          secret: PROJECT_SECRET,
          projectId: PROJECT_ID,
          claims: { _id: 'e', nbf: nowSeconds() + 600 },
        }).jwt,
        /not valid yet/,
      ],
      [
        'a tampered payload',
        `${header}.${b64({ _id: 'admin', aud: AUD, role: 'owner' })}.${signature}`,
        /bad signature/,
      ],
      ['a truncated token', valid.slice(0, valid.length - 10), /bad signature|malformed|invalid/i],
      ['only two segments', `${header}.${payload}`, /malformed|invalid/i],
      ['garbage', 'not-a-token', /malformed|invalid/i],
      [
        'a payload without _id',
        mintCustomToken({
          secret: PROJECT_SECRET,
          projectId: PROJECT_ID,
          claims: { _id: undefined, firstname: 'x' },
        }).jwt,
        /no _id/,
      ],
      [
        'an unknown project',
        mintCustomToken({ secret: PROJECT_SECRET, projectId: '65f0bffffffffffffffffff0' }).jwt,
        /does not exist/,
      ],
      [
        'a project id that is not an ObjectId',
        mintCustomToken({ secret: PROJECT_SECRET, projectId: 'nope' }).jwt,
        /does not exist/,
      ],
      [
        'a projects aud without an id',
        createSigner({ key: PROJECT_SECRET })({ _id: 'x', aud: 'https://tiledesk.com/projects' }),
        /no project id/,
      ],
      [
        'a bots aud (not emulated)',
        createSigner({ key: 'k' })({
          _id: 'x',
          aud: 'https://tiledesk.com/bots/65f0b0000000000000000001',
        }),
        /bots/,
      ],
      [
        'a subscriptions aud (not emulated)',
        createSigner({ key: 'k' })({ _id: 'x', aud: 'https://tiledesk.com/subscriptions/1' }),
        /subscriptions/,
      ],
    ];
    for (const [name, token, diagnostic] of cases) {
      t.test(name, async (t) => {
        const res = await send(emu.url, PATH, undefined, {
          headers: { authorization: `JWT ${token}` },
        });
        t.equal(res.status, 401);
        t.equal(res.text, 'Unauthorized');
        // passport's res.end(): no Content-Type, chunked, as on the real server.
        t.equal(res.contentType, undefined);
        t.equal(res.headers['transfer-encoding'], 'chunked');
        t.match(res.headers['x-emulator-diagnostic'], diagnostic);
        await matchesSpec(t, res, 'signinWithCustomToken');
      });
    }

    for (const [name, headers, diagnostic] of [
      ['no Authorization header', {}, /no Authorization header/],
      ['an empty Authorization header', { authorization: '' }, /empty/],
      ['the Bearer scheme', { authorization: `Bearer ${valid}` }, /not "Bearer"/],
      ['a scheme without a token', { authorization: 'JWT' }, /JWT scheme but no token/],
    ] as [string, Record<string, string>, RegExp][]) {
      t.test(name, async (t) => {
        const res = await send(emu.url, PATH, undefined, { headers });
        t.equal(res.status, 401);
        t.equal(res.text, 'Unauthorized');
        t.match(res.headers['x-emulator-diagnostic'], diagnostic);
        await matchesSpec(t, res, 'signinWithCustomToken');
      });
    }

    t.test('diagnostics never contain a secret', async (t) => {
      const res = await send(emu.url, PATH, undefined, {
        headers: {
          authorization: `JWT ${createSigner({ key: OTHER_SECRET })({ _id: 'ext-1', aud: AUD })}`,
        },
      });
      const diagnostic = String(res.headers['x-emulator-diagnostic']);
      t.notOk(
        diagnostic.includes(PROJECT_SECRET) ||
          diagnostic.includes(OTHER_SECRET) ||
          diagnostic.includes('nodeauthsecret'),
      );
    });
  },
);

t.test(
  'with RS256 configured, an HS256 token signed with the public key is rejected (key confusion)',
  async (t) => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const emu = await emulator(t, { privateKey, publicKey, algorithm: 'RS256' });
    const forged = createSigner({ key: publicKey, algorithm: 'HS256' })({
      _id: 'x',
      aud: 'https://tiledesk.com',
    });
    const res = await send(emu.url, PATH, undefined, {
      headers: { authorization: `JWT ${forged}` },
    });
    t.equal(res.status, 401);
    t.equal(res.text, 'Unauthorized');
    t.match(res.headers['x-emulator-diagnostic'], /algorithm|signature/i);
    await matchesSpec(t, res, 'signinWithCustomToken');
    const genuine = createSigner({ key: privateKey, algorithm: 'RS256' })({
      _id: 'x',
      aud: 'https://tiledesk.com',
    });
    const ok = await send(emu.url, PATH, undefined, {
      headers: { authorization: `JWT ${genuine}` },
    });
    t.equal(ok.status, 200, 'a token signed with the private key is accepted');
  },
);
