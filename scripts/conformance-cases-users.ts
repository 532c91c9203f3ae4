/**
 * The conformance cases of the signed-in user's routes (GET /users, GET
 * /users/resendverifyemail, PUT /users/changepsw) and the chat token, by file;
 * scripts/gen-conformance-cases.ts writes them with the rest of the corpus. HTTP Basic needs the
 * credentials in base64, so the cases that use it name the fixtures' Jane (`fixtures`).
 */
import type { Case, Step, TokenSpec } from '../src/conformance/cases.js';

const USERS = '/users';
const RESEND = '/users/resendverifyemail';
const CHANGE = '/users/changepsw';
const CHAT = '/chat21/native/auth/createCustomToken';

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;
const JANE_BASIC = basic('jane.doe@example.com:janepassword');

const global = (claims: Record<string, unknown>): TokenSpec => ({ key: 'global', claims });
const external = (claims: Record<string, unknown> = {}): TokenSpec => ({
  key: 'project',
  claims: {
    _id: '65f0a00000000000000000ff',
    firstname: 'Ext',
    email: 'ext-{{uniq}}@example.com',
    sub: 'userexternal',
    aud: 'https://tiledesk.com/projects/{{project.id}}',
    ...claims,
  },
});

const NEW_USER = {
  email: 'pw-{{uniq}}@example.com',
  password: 'oldpass',
  firstname: 'Pat',
  lastname: 'Word',
};
const signupAndSignin: Step[] = [
  { path: '/auth/signup', json: { ...NEW_USER, disableEmail: true } },
  { path: '/auth/signin', json: { email: NEW_USER.email, password: NEW_USER.password } },
];
const guestSignin: Step = {
  path: '/auth/signinAnonymously',
  json: { id_project: '{{project.id}}' },
};

/** One request of `method` to `path`, authenticated as the fixtures' Jane with HTTP Basic. */
const asJane = (id: string, method: string, path: string, extra: Partial<Case> = {}): Case => ({
  id,
  method,
  path,
  headers: { authorization: JANE_BASIC },
  fixtures: true,
  ...extra,
});

/**
 * The answers every `basicAuth or jwtHeader` route gives before its handler runs; `json` is
 * the body each request sends (changepsw's, so that the real server answers once authenticated).
 */
function authCases(op: string, method: string, path: string, json?: unknown): Case[] {
  const token = (id: string, spec: TokenSpec, authorization = 'JWT {{token.t}}'): Case => ({
    id,
    method,
    path,
    headers: { authorization },
    tokens: { t: spec },
    ...(json !== undefined && { json }),
  });
  const cases: Case[] = [
    { id: `${op}.401.none`, method, path },
    asJane(`${op}.401.basic-wrong-password`, method, path, {
      headers: { authorization: basic('jane.doe@example.com:nope') },
    }),
    {
      id: `${op}.401.basic-unknown-user`,
      method,
      path,
      headers: { authorization: basic('nobody-{{uniq}}@example.com:x') },
    },
    asJane(`${op}.401.basic-suspended`, method, path, {
      headers: { authorization: basic('suspended@example.com:suspendedpassword') },
    }),
    asJane(`${op}.401.basic-super-password`, method, path, {
      headers: { authorization: basic('jane.doe@example.com:superadmin') },
    }),
    { id: `${op}.401.bearer`, method, path, headers: { authorization: 'Bearer abc' } },
    { id: `${op}.401.empty-header`, method, path, headers: { authorization: '' } },
    token(`${op}.401.wrong-key`, { key: 'wrong', claims: { _id: '65f0a0000000000000000002' } }),
    token(`${op}.401.user-gone`, global({ _id: '65f0a00000000000000000fe', sub: 'user' })),
    token(`${op}.401.no-id`, global({ sub: 'user' })),
    { id: `${op}.400.basic-one-word`, method, path, headers: { authorization: 'Basic' } },
    { id: `${op}.400.jwt-one-word`, method, path, headers: { authorization: 'JWT' } },
    { id: `${op}.400.basic-no-colon`, method, path, headers: { authorization: basic('nocolon') } },
    { id: `${op}.400.basic-not-base64`, method, path, headers: { authorization: 'Basic !!!' } },
    asJane(`${op}.403.basic-three-parts`, method, path, {
      headers: { authorization: `${JANE_BASIC} x` },
    }),
    token(`${op}.403.jwt-three-parts`, external(), 'JWT {{token.t}} x'),
    {
      id: `${op}.403.secret-token-query`,
      method,
      path: `${path}?secret_token={{token.t}}`,
      tokens: { t: external() },
    },
    token(`${op}.500.user-id-not-object-id`, global({ _id: 'not-an-id', sub: 'user' })),
    asJane(`${op}.path.trailing-slash`, method, `${path}/`),
    asJane(`${op}.path.v2`, method, `/v2${path}`),
    asJane(`${op}.path.v3`, method, `/v3${path}`),
    asJane(`${op}.200.basic-lower-case-scheme`, method, path, {
      headers: { authorization: JANE_BASIC.replace('Basic', 'basic') },
    }),
    asJane(`${op}.200.basic-upper-case-email`, method, path, {
      headers: { authorization: basic('JANE.DOE@example.com:janepassword') },
    }),
  ];
  return json === undefined ? cases : cases.map((c) => ({ json, ...c }));
}

export const usersCases: Record<string, Case[]> = {
  users: [
    asJane('getUser.200.basic', 'GET', USERS),
    {
      id: 'getUser.200.signin-token',
      steps: [
        { path: '/auth/signin', json: { email: '{{user.email}}', password: '{{user.password}}' } },
        { method: 'GET', path: USERS, headers: { authorization: '{{last:token}}' } },
      ],
    },
    {
      id: 'getUser.200.token-without-sub',
      method: 'GET',
      path: USERS,
      headers: { authorization: 'JWT {{token.t}}' },
      tokens: { t: global({ _id: '65f0a0000000000000000002' }) },
      fixtures: true,
    },
    asJane('getUser.path.upper-case', 'GET', '/USERS'),
    asJane('getUser.path.double-slash', 'GET', '/users//'),
    {
      id: 'getUser.404.external-user',
      method: 'GET',
      path: USERS,
      headers: { authorization: 'JWT {{token.t}}' },
      tokens: { t: external() },
    },
    {
      id: 'getUser.500.guest',
      writes: true,
      steps: [
        guestSignin,
        { method: 'GET', path: USERS, headers: { authorization: '{{last:token}}' } },
      ],
    },
    ...authCases('getUser', 'GET', USERS),
  ],
  'change-password': [
    {
      id: 'changePassword.200.changed',
      title: 'change the password, then sign in with the old one (401) and the new one (200)',
      writes: true,
      steps: [
        ...signupAndSignin,
        {
          method: 'PUT',
          path: CHANGE,
          headers: { authorization: '{{last:token}}' },
          json: { oldpsw: 'oldpass', newpsw: 'newpass' },
        },
        { path: '/auth/signin', json: { email: NEW_USER.email, password: 'oldpass' } },
        { path: '/auth/signin', json: { email: NEW_USER.email, password: 'newpass' } },
      ],
    },
    ...(
      [
        ['200.form-trailing-slash', `${CHANGE}/`, 'oldpsw=oldpass&newpsw=formpass'],
        ['200.newpsw-number', CHANGE, { oldpsw: 'oldpass', newpsw: 12345 }],
        ['200.newpsw-boolean', CHANGE, { oldpsw: 'oldpass', newpsw: true }],
        ['401.wrong-oldpsw', CHANGE, { oldpsw: 'wrong', newpsw: 'x' }],
        ['401.oldpsw-number', CHANGE, { oldpsw: 12345, newpsw: 'x' }],
        ['401.oldpsw-array', CHANGE, { oldpsw: ['oldpass'], newpsw: 'x' }],
        ['403.same-password', CHANGE, { oldpsw: 'oldpass', newpsw: 'oldpass' }],
        ['500.no-newpsw', CHANGE, { oldpsw: 'oldpass' }],
        ['500.empty-newpsw', CHANGE, { oldpsw: 'oldpass', newpsw: '' }],
        ['500.null-newpsw', CHANGE, { oldpsw: 'oldpass', newpsw: null }],
        ['500.object-newpsw', CHANGE, { oldpsw: 'oldpass', newpsw: { a: 1 } }],
        ['500.array-newpsw', CHANGE, { oldpsw: 'oldpass', newpsw: ['a'] }],
        ['timeout.no-oldpsw', CHANGE, { newpsw: 'x' }],
        ['timeout.empty-oldpsw', CHANGE, { oldpsw: '', newpsw: 'x' }],
      ] as const
    ).map(
      ([name, path, body]): Case => ({
        id: `changePassword.${name}`,
        writes: true,
        ...(name.startsWith('timeout') && { timeoutMs: 3000 }),
        steps: [
          ...signupAndSignin,
          {
            method: 'PUT',
            path,
            headers: { authorization: '{{last:token}}' },
            ...(typeof body === 'string' ? { form: body } : { json: body }),
          },
        ],
      }),
    ),
    {
      id: 'changePassword.401.external-user',
      method: 'PUT',
      path: CHANGE,
      headers: { authorization: 'JWT {{token.t}}' },
      tokens: { t: external() },
      json: { oldpsw: 'a', newpsw: 'b' },
    },
    {
      id: 'changePassword.timeout.guest',
      writes: true,
      timeoutMs: 3000,
      steps: [
        guestSignin,
        {
          method: 'PUT',
          path: CHANGE,
          headers: { authorization: '{{last:token}}' },
          json: { oldpsw: 'a', newpsw: 'b' },
        },
      ],
    },
    // A wrong oldpsw: once authenticated, Jane's password is left as it is.
    ...authCases('changePassword', 'PUT', CHANGE, { oldpsw: 'wrong', newpsw: 'x' }),
  ],
  'resend-verify-email': [
    asJane('resendVerifyEmail.200.basic', 'GET', RESEND, { mail: true }),
    asJane('resendVerifyEmail.200.trailing-slash', 'GET', `${RESEND}/`, { mail: true }),
    {
      id: 'resendVerifyEmail.200.signin-token',
      mail: true,
      steps: [
        { path: '/auth/signin', json: { email: '{{user.email}}', password: '{{user.password}}' } },
        { method: 'GET', path: RESEND, headers: { authorization: '{{last:token}}' } },
      ],
    },
    {
      id: 'resendVerifyEmail.200.external-user',
      method: 'GET',
      path: RESEND,
      headers: { authorization: 'JWT {{token.t}}' },
      tokens: { t: external() },
      mail: true,
    },
    {
      id: 'resendVerifyEmail.200.guest',
      writes: true,
      mail: true,
      steps: [
        guestSignin,
        { method: 'GET', path: RESEND, headers: { authorization: '{{last:token}}' } },
      ],
    },
    ...authCases('resendVerifyEmail', 'GET', RESEND),
  ],
  'chat-token': [
    asJane('createChatToken.200.basic', 'POST', CHAT),
    {
      id: 'createChatToken.200.signin-token',
      steps: [
        { path: '/auth/signin', json: { email: '{{user.email}}', password: '{{user.password}}' } },
        { path: CHAT, headers: { authorization: '{{last:token}}' } },
      ],
    },
    asJane('createChatToken.200.body-ignored', 'POST', CHAT, { json: { id_project: 'x' } }),
    {
      id: 'createChatToken.200.external-user',
      path: CHAT,
      headers: { authorization: 'JWT {{token.t}}' },
      tokens: { t: external({ lastname: 'User' }) },
    },
    ...authCases('createChatToken', 'POST', CHAT),
  ],
};
