// Tokens: the custom-token minter (with a ready curl line) and the token inspector.
import { reloadTables } from './data.js';
import { $, api, failed, h, json, namespaceHeader, say } from './lib.js';

function curlLine(token) {
  const url = `${location.origin}/auth/signinWithCustomToken`;
  return `curl -i -X POST '${url}' -H 'Authorization: ${token}'`;
}

export function setupMinter() {
  $('mint-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    let claims;
    try {
      claims = JSON.parse($('mint-claims').value || '{}');
      if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
        throw new Error('the claims must be a JSON object');
      }
    } catch (error) {
      say(`Claims: ${error.message}`, 'error');
      $('mint-claims').focus();
      return;
    }
    const role = $('mint-role').value;
    if (role) claims.role = role;
    const body = { projectId: $('mint-project').value, claims };
    const expires = $('mint-expires').value;
    if (expires !== '') body.expiresIn = Number(expires);
    try {
      const { body: minted } = await api('/custom-tokens', { method: 'POST', body });
      $('mint-token').value = minted.token;
      $('mint-curl').value = curlLine(minted.token);
      $('mint-signin-result').textContent = '';
      $('mint-output').hidden = false;
      say('Token minted.', 'ok');
    } catch (error) {
      failed(error);
    }
  });
  $('mint-signin').addEventListener('click', async () => {
    const res = await fetch('/auth/signinWithCustomToken', {
      method: 'POST',
      headers: namespaceHeader({ authorization: $('mint-token').value }),
    });
    const text = await res.text();
    const diagnostic = res.headers.get('x-emulator-diagnostic');
    $('mint-signin-result').textContent =
      `${res.status} ${text.slice(0, 400)}${diagnostic ? `\nDiagnostic: ${diagnostic}` : ''}`;
    reloadTables();
  });
  $('mint-inspect').addEventListener('click', () => {
    $('inspect-token').value = $('mint-token').value;
    $('inspect-form').requestSubmit();
    $('inspect-token').focus();
  });
}

function relative(iso, now) {
  const seconds = Math.round((Date.parse(iso) - Date.parse(now)) / 1000);
  const abs = Math.abs(seconds);
  const text =
    abs < 120
      ? `${abs} s`
      : abs < 7200
        ? `${Math.round(abs / 60)} min`
        : `${Math.round(abs / 3600)} h`;
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}

function inspection(result) {
  const verdict = result.verified
    ? h('p', { class: 'verdict ok' }, `Verified by ${result.verifiedBy}.`)
    : h('p', { class: 'verdict error' }, `Not verified: ${result.reason} (${result.code}).`);
  const warning =
    result.verified && result.reason
      ? h('p', { class: 'verdict error' }, `But: ${result.reason} (${result.code}).`)
      : null;
  const rows = Object.entries(result.times).map(([name, iso]) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, name),
      h('td', {}, new Date(iso).toLocaleString()),
      h('td', {}, iso),
      h('td', {}, relative(iso, result.now)),
    ),
  );
  return [
    verdict,
    warning,
    rows.length
      ? h(
          'table',
          { class: 'times' },
          h('caption', {}, `Times (the emulator's clock: ${result.now})`),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['claim', 'local time', 'UTC', 'relative'].map((name) =>
                h('th', { scope: 'col' }, name),
              ),
            ),
          ),
          h('tbody', {}, rows),
        )
      : null,
    h('h3', {}, 'Header'),
    h('pre', { id: 'inspect-header' }, json(result.header)),
    h('h3', {}, 'Claims'),
    h('pre', { id: 'inspect-claims' }, json(result.claims)),
  ];
}

export function setupInspector() {
  $('inspect-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const output = $('inspect-output');
    try {
      const { body } = await api('/tokens/inspect', {
        method: 'POST',
        body: { token: $('inspect-token').value },
      });
      output.replaceChildren(...inspection(body).filter(Boolean));
    } catch (error) {
      output.replaceChildren(h('p', { class: 'verdict error' }, error.message));
    }
  });
}
