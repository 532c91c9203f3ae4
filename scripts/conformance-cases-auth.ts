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
