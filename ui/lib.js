// The web UI's shared pieces: the control API client (every call carries the control token,
// when the user gave one, as `Authorization: Bearer`, and the chosen namespace as
// `x-emulator-namespace`; state-changing calls are sent as application/json, as the control API
// requires) and small DOM helpers.

export const API = '/__emulator';
export const TOKEN_KEY = 'tiledesk-auth-emulator.control-token';
export const NAMESPACE_KEY = 'tiledesk-auth-emulator.namespace';

export const $ = (id) => document.getElementById(id);

// ---- helpers -----------------------------------------------------------------------------

/** An element with text and attributes; children are nodes or strings (never parsed as HTML). */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) node.append(child);
  }
  return node;
}

export function say(text, kind = 'info') {
  const status = $('status');
  status.textContent = text;
  status.dataset.kind = kind;
}

function controlToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** The namespace the page shows and acts on; empty: the emulator's own state. */
function namespace() {
  return sessionStorage.getItem(NAMESPACE_KEY) ?? '';
}

/** The namespace header for any request the page sends, the Tiledesk API's included. */
export function namespaceHeader(extra = {}) {
  const name = namespace();
  return name ? { ...extra, 'x-emulator-namespace': name } : extra;
}

export function headers(extra = {}) {
  const token = controlToken();
  const withNamespace = namespaceHeader(extra);
  return token ? { ...withNamespace, authorization: `Bearer ${token}` } : withNamespace;
}

export class ApiFailure extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** A control API call; the parsed JSON, or an ApiFailure with the control error's message. */
export async function api(path, { method = 'GET', body } = {}) {
  const init = { method, headers: headers() };
  if (body !== undefined) {
    init.headers = headers({ 'content-type': 'application/json' });
    init.body = JSON.stringify(body);
  }
  const res = await fetch(`${API}${path}`, init);
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    if (res.status === 401) {
      say('The emulator wants its control token: paste it above and press Use.', 'error');
      $('control-token').focus();
    }
    throw new ApiFailure(res.status, parsed);
  }
  return { body: parsed, headers: res.headers };
}

export function failed(error) {
  say(error instanceof Error ? error.message : String(error), 'error');
}

export function json(value) {
  return JSON.stringify(value, null, 2);
}

/** A record's field as table text. */
export function cell(value) {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A card's own result line (aria-live), so a screen reader hears what an action did. */
export function report(id, text, kind = 'ok') {
  const result = $(id);
  result.textContent = text;
  result.dataset.kind = kind;
}

/** A button that runs `action` and reports its failure in the card's result line. */
export function actionButton(label, name, resultId, action) {
  const button = h('button', { type: 'button', 'aria-label': label }, name);
  button.addEventListener('click', () =>
    action().catch((error) => report(resultId, error.message, 'error')),
  );
  return button;
}

/** The number in an input, or undefined when it is empty. */
export function numberIn(id) {
  const value = $(id).value.trim();
  return value === '' ? undefined : Number(value);
}
