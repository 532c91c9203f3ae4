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
/** Puts the account's password back, so that later cases sign in as before. */
const RESTORE = [JANE_RESET, reset('{{mail:key}}', { password: '{{user.password}}' })];

export const authFlowCases: Record<string, Case[]> = {
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
