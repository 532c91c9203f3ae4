// The data tab: the tables (server paging with ?limit=&offset= and X-Total-Count; a search loads
// every page), the projects the minter offers, and the seed form.
import { $, API, api, cell, failed, h } from './lib.js';

const PAGE_SIZE = 20;

const COLUMNS = {
  users: ['_id', 'email', 'firstname', 'lastname', 'emailverified', 'status'],
  projects: ['_id', 'name', 'status', 'hasJwtSecret', 'createdBy'],
  'project-users': ['_id', 'id_project', 'id_user', 'uuid_user', 'role', 'status'],
};
const tables = new Map();

export async function allRecords(list) {
  const records = [];
  let path = `/${list}?limit=1000`;
  while (path) {
    const { body, headers: got } = await api(path);
    records.push(...body);
    const next = /<([^>]+)>;\s*rel="next"/.exec(got.get('link') ?? '');
    path = next ? next[1].replace(API, '') : undefined;
  }
  return records;
}

export function setupTable(section) {
  const list = section.dataset.list;
  const title = section.querySelector('h2').textContent;
  const state = { offset: 0, query: '' };
  const search = h('input', {
    type: 'search',
    id: `${list}-search`,
    placeholder: 'any field',
  });
  const count = h('span', { class: 'muted', 'aria-live': 'polite', id: `${list}-count` });
  const prev = h('button', { type: 'button' }, 'Previous');
  const next = h('button', { type: 'button' }, 'Next');
  const head = h(
    'tr',
    {},
    COLUMNS[list].map((name) => h('th', { scope: 'col' }, name)),
  );
  const tbody = h('tbody');
  section.append(
    h(
      'div',
      { class: 'toolbar' },
      h('label', { for: search.id }, `Search ${title.toLowerCase()}`),
      search,
      count,
      prev,
      next,
    ),
    h(
      'div',
      { class: 'scroll' },
      h('table', {}, h('caption', { class: 'sr-only' }, title), h('thead', {}, head), tbody),
    ),
  );
  const render = (rows, total) => {
    tbody.replaceChildren(
      ...rows.map((row) =>
        h(
          'tr',
          {},
          COLUMNS[list].map((name) => h('td', {}, cell(row[name]))),
        ),
      ),
    );
    const first = total === 0 ? 0 : state.offset + 1;
    const last = state.offset + rows.length;
    count.textContent = `${first}–${last} of ${total}${state.query ? ' matching' : ''}`;
    prev.disabled = state.offset === 0;
    next.disabled = last >= total;
  };
  const load = async () => {
    try {
      if (state.query) {
        const needle = state.query.toLowerCase();
        const all = (await allRecords(list)).filter((row) =>
          JSON.stringify(row).toLowerCase().includes(needle),
        );
        render(all.slice(state.offset, state.offset + PAGE_SIZE), all.length);
      } else {
        const { body, headers: got } = await api(
          `/${list}?limit=${PAGE_SIZE}&offset=${state.offset}`,
        );
        render(body, Number(got.get('x-total-count') ?? body.length));
      }
    } catch (error) {
      failed(error);
    }
  };
  let timer;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.query = search.value.trim();
      state.offset = 0;
      load();
    }, 200);
  });
  prev.addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    load();
  });
  next.addEventListener('click', () => {
    state.offset += PAGE_SIZE;
    load();
  });
  tables.set(list, load);
}

export function reloadTables() {
  for (const load of tables.values()) load();
  loadProjects();
}

/** The minter's project choice, from every project (those without a jwtSecret disabled). */
async function loadProjects() {
  try {
    const projects = await allRecords('projects');
    const select = $('mint-project');
    const chosen = select.value;
    select.replaceChildren(
      ...projects.map((project) =>
        h(
          'option',
          { value: project._id, disabled: !project.hasJwtSecret },
          `${project.name} (${project._id})${project.hasJwtSecret ? '' : ' — no jwtSecret'}`,
        ),
      ),
    );
    if (projects.some((project) => project._id === chosen)) select.value = chosen;
  } catch (error) {
    failed(error);
  }
}

export function setupSeed() {
  $('seed-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const user = { email: $('seed-email').value, password: $('seed-password').value };
    for (const name of ['firstname', 'lastname']) {
      const value = $(`seed-${name}`).value.trim();
      if (value) user[name] = value;
    }
    if ($('seed-verified').checked) user.emailverified = true;
    const result = $('seed-result');
    try {
      const { body } = await api('/seed', { method: 'POST', body: { users: [user] } });
      result.textContent = `Added ${body.users[0].email} (${body.users[0]._id}).`;
      result.dataset.kind = 'ok';
      event.target.reset();
      reloadTables();
    } catch (error) {
      result.textContent = error.message;
      result.dataset.kind = 'error';
    }
  });
}
