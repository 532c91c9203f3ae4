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

export const authFlowCases: Record<string, Case[]> = {
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
