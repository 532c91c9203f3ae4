/**
 * The conformance cases of issue 25's flows (verification, password reset) and their e-mails,
 * by file; scripts/gen-conformance-cases.ts writes them with the rest of the corpus.
 */
import type { Case } from '../src/conformance/cases.js';

const SIGNUP = '/auth/signup';
const NEW_USER = {
  email: '{{uniq}}@example.com',
  password: 'pw-{{uniq}}',
  firstname: 'Conf',
  lastname: 'Ormance',
};
const signup = { method: 'POST', path: SIGNUP, json: NEW_USER };
const REQUEST_RESET = '/auth/requestresetpsw';
const requestReset = (json: unknown) => ({ method: 'PUT', path: REQUEST_RESET, json });
const JANE_RESET = requestReset({ email: '{{user.email}}' });
const check = (key: string) => ({ method: 'GET', path: `/auth/checkpswresetkey/${key}` });
const reset = (key: string, json?: unknown) => ({
  method: 'PUT',
  path: `/auth/resetpsw/${key}`,
  ...(json !== undefined && { json }),
});
const signin = (password: string) => ({
  method: 'POST',
  path: '/auth/signin',
  json: { email: '{{user.email}}', password },
});
const VERIFY = '/auth/verifyemail/{{mail:userid}}/{{mail:code}}';
const verify = (json?: unknown, path = VERIFY) => ({
  method: 'PUT',
  path,
  ...(json !== undefined && { json }),
});
/** A new user, then PUT /auth/verifyemail with its e-mail's link and `json`. */
const verifyNew = (json?: unknown) => ({ steps: [signup, verify(json)], writes: true, mail: true });
/** Puts the account's password back, so that later cases sign in as before. */
const RESTORE = [JANE_RESET, reset('{{mail:key}}', { password: '{{user.password}}' })];

export const authFlowCases: Record<string, Case[]> = {
  'verify-email': [
    {
      id: 'verifyemail.200.flow',
      title: 'sign up, verify (twice: the code is reusable), sign in',
      steps: [
        signup,
        verify({ emailverified: true }),
        verify({ emailverified: true }),
        {
          method: 'POST',
          path: '/auth/signin',
          json: { email: NEW_USER.email, password: NEW_USER.password },
        },
      ],
      writes: true,
      mail: true,
    },
    {
      id: 'verifyemail.200.casts',
      ...verifyNew({
        emailverified: 'yes',
        status: '5',
        firstname: 12,
        lastname: true,
        email: 'Upper-{{uniq}}@Example.com',
        phone: ' +391234 ',
        attributes: { plan: 'pro' },
        signedInAt: '2021-01-01',
        description: null,
        createdAt: '2020-01-01T00:00:00.000Z',
        foo: 'bar',
      }),
    },
    { id: 'verifyemail.200.no-body', ...verifyNew() },
    { id: 'verifyemail.200.null', ...verifyNew({ emailverified: null }) },
    {
      id: 'verifyemail.200.form',
      steps: [
        signup,
        { method: 'PUT', path: VERIFY, form: { emailverified: 'false', lastname: 'Form' } },
      ],
      writes: true,
      mail: true,
    },
    { id: 'verifyemail.200.password-not-echoed', ...verifyNew({ password: 'plain-{{uniq}}' }) },
    {
      id: 'verifyemail.401.unknown-code',
      ...verify(
        { emailverified: true },
        '/auth/verifyemail/65f0a0000000000000000002/nosuchcode{{uniq}}',
      ),
    },
    {
      id: 'verifyemail.401.other-user',
      steps: [
        signup,
        verify({ emailverified: true }, '/auth/verifyemail/65f0a0000000000000000002/{{mail:code}}'),
      ],
      writes: true,
      mail: true,
    },
    {
      id: 'verifyemail.401.not-an-id',
      steps: [signup, verify({ emailverified: true }, '/auth/verifyemail/notanid/{{mail:code}}')],
      writes: true,
      mail: true,
    },
    { id: 'verifyemail.400.no-code', ...verify({}, '/auth/verifyemail/65f0a0000000000000000002/') },
    { id: 'verifyemail.500.number', ...verifyNew({ status: 'abc' }) },
    { id: 'verifyemail.500.object-name', ...verifyNew({ firstname: { a: 1 } }) },
    { id: 'verifyemail.500.list-name', ...verifyNew({ firstname: 12, lastname: ['x'] }) },
    { id: 'verifyemail.500.boolean-list', ...verifyNew({ emailverified: [true] }) },
    { id: 'verifyemail.500.boolean-string', ...verifyNew({ emailverified: 'notabool' }) },
    { id: 'verifyemail.500.date', ...verifyNew({ signedInAt: 'notadate' }) },
    { id: 'verifyemail.500.duplicate-email', ...verifyNew({ email: '{{user.email}}' }) },
    // mongoose's casts at their edges (src/tiledesk/casts.ts; test/unit/casts.test.ts has more).
    {
      id: 'verifyemail.200.cast-ids',
      ...verifyNew({ status: { _id: '7' }, firstname: { _id: 'Idname' } }),
    },
    { id: 'verifyemail.200.date-millis-string', ...verifyNew({ signedInAt: '1e6' }) },
    { id: 'verifyemail.200.date-list', ...verifyNew({ signedInAt: [2021] }) },
    { id: 'verifyemail.500.empty-id-name', ...verifyNew({ firstname: { _id: '' } }) },
    { id: 'verifyemail.500.number-id', ...verifyNew({ status: { _id: 'abc' } }) },
    { id: 'verifyemail.500.date-type-error', ...verifyNew({ signedInAt: { toString: 1 } }) },
    { id: 'verifyemail.500.constructor-key', ...verifyNew({ firstname: { constructor: 1 } }) },
    // Applied by the real server, not by the emulator (divergences.json).
    {
      id: 'verifyemail.200.update-operators',
      ...verifyNew({ firstname: 'Top', $set: { lastname: 'Set' }, $inc: { status: 1 } }),
    },
    {
      id: 'verifyemail.500.malformed-json',
      steps: [
        signup,
        {
          method: 'PUT',
          path: VERIFY,
          headers: { 'content-type': 'application/json' },
          text: '{"a":',
        },
      ],
      writes: true,
      mail: true,
    },
  ],
  'password-reset': [
    {
      id: 'requestresetpsw.200.sent',
      title: 'the reset e-mail',
      ...requestReset({ email: '{{user.email}}' }),
      writes: true,
      mail: true,
    },
    {
      id: 'requestresetpsw.200.upper-case',
      ...requestReset({ email: 'JANE.DOE@EXAMPLE.COM' }),
      fixtures: true,
      writes: true,
      mail: true,
    },
    {
      id: 'requestresetpsw.200.form',
      method: 'PUT',
      path: REQUEST_RESET,
      form: { email: '{{user.email}}' },
      writes: true,
      mail: true,
    },
    {
      id: 'requestresetpsw.200.unknown-email',
      ...requestReset({ email: 'nobody-{{uniq}}@example.com' }),
      mail: true,
    },
    {
      id: 'requestresetpsw.200.suspended',
      ...requestReset({ email: 'suspended@example.com' }),
      fixtures: true,
      mail: true,
    },
    { id: 'requestresetpsw.500.no-email', ...requestReset({}) },
    { id: 'requestresetpsw.500.number', ...requestReset({ email: 5 }) },
    { id: 'requestresetpsw.500.list', ...requestReset({ email: ['{{user.email}}'] }) },
    { id: 'requestresetpsw.500.null', ...requestReset({ email: null }) },
    { id: 'requestresetpsw.500.no-body', method: 'PUT', path: REQUEST_RESET },
    {
      id: 'checkpswresetkey.200.valid',
      steps: [JANE_RESET, check('{{mail:key}}'), check('{{mail:key}}')],
      writes: true,
      mail: true,
    },
    { id: 'checkpswresetkey.404.unknown', ...check('nosuchkey-{{uniq}}') },
    { id: 'checkpswresetkey.400.no-key', ...check('') },
    {
      id: 'checkpswresetkey.404.upper-case-path',
      method: 'GET',
      path: '/AUTH/CheckPswResetKey/x{{uniq}}',
    },
    {
      id: 'resetpsw.200.flow',
      title: 'request, check, reset, sign in with the new password and fail with the old',
      steps: [
        JANE_RESET,
        check('{{mail:key}}'),
        reset('{{mail:key}}', { password: 'new-{{uniq}}' }),
        signin('new-{{uniq}}'),
        signin('{{user.password}}'),
        reset('{{mail:key}}', { password: 'again-{{uniq}}' }),
        check('{{mail:key}}'),
        ...RESTORE,
        signin('{{user.password}}'),
      ],
      writes: true,
      mail: true,
    },
    {
      id: 'resetpsw.200.form',
      steps: [
        JANE_RESET,
        {
          method: 'PUT',
          path: '/auth/resetpsw/{{mail:key}}',
          form: { password: '{{user.password}}' },
        },
        signin('{{user.password}}'),
      ],
      writes: true,
      mail: true,
    },
    {
      id: 'resetpsw.200.number',
      steps: [JANE_RESET, reset('{{mail:key}}', { password: 12345 }), signin('12345'), ...RESTORE],
      writes: true,
      mail: true,
    },
    { id: 'resetpsw.404.unknown', ...reset('nosuchkey-{{uniq}}', { password: 'x' }) },
    { id: 'resetpsw.404.unknown-no-password', ...reset('nosuchkey-{{uniq}}', {}) },
    {
      id: 'resetpsw.500.object',
      steps: [JANE_RESET, reset('{{mail:key}}', { password: { a: 1 } }), check('{{mail:key}}')],
      writes: true,
      mail: true,
    },
    {
      id: 'resetpsw.500.list',
      steps: [JANE_RESET, reset('{{mail:key}}', { password: ['x'] })],
      writes: true,
      mail: true,
    },
    {
      id: 'resetpsw.timeout.no-password',
      title: 'the real server never answers a reset without a password',
      steps: [JANE_RESET, reset('{{mail:key}}', {}), check('{{mail:key}}')],
      timeoutMs: 3000,
      writes: true,
      mail: true,
    },
    {
      id: 'resetpsw.timeout.empty-password',
      steps: [JANE_RESET, reset('{{mail:key}}', { password: '' })],
      timeoutMs: 3000,
      writes: true,
    },
    {
      id: 'requestresetpsw.500.malformed-json',
      method: 'PUT',
      path: REQUEST_RESET,
      headers: { 'content-type': 'application/json' },
      text: '{"email":',
    },
  ],
  'signup-mail': [
    {
      id: 'signup.mail.verify-email',
      title: 'signup sends the verification e-mail',
      ...signup,
      writes: true,
      mail: true,
    },
    {
      id: 'signup.mail.disable-email',
      title: 'disableEmail: no e-mail',
      ...signup,
      json: { ...NEW_USER, disableEmail: true },
      writes: true,
      mail: true,
    },
    {
      id: 'signup.mail.disable-email-false-string',
      title: 'disableEmail "false" is truthy: no e-mail',
      ...signup,
      form: { ...NEW_USER, disableEmail: 'false' },
      json: undefined,
      writes: true,
      mail: true,
    },
  ],
};
