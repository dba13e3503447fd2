// The console's shell: one page, a view per URL (pushState, so every view has a URL to paste into a
// ticket), the operator's sign-in, and the live loop that refreshes the current view.
import { h, getJson, loadCurrencies, operator, Problem } from './ui.js';
import { overview } from './overview.js';
import { discrepancies } from './discrepancies.js';
import { discrepancy } from './discrepancy.js';
import { payment } from './payment.js';
import { batches, batch } from './batches.js';
import { payouts } from './payouts.js';
import { periods, period } from './periods.js';

const REFRESH_MS = 3000;

const routes = [
  [/^\/console\/?$/, 'overview', overview],
  [/^\/console\/discrepancies\/?$/, 'discrepancies', discrepancies],
  [/^\/console\/discrepancies\/([^/]+)$/, 'discrepancies', discrepancy],
  [/^\/console\/payments\/([^/]+)$/, null, payment],
  [/^\/console\/batches\/?$/, 'batches', batches],
  [/^\/console\/batches\/([^/]+)$/, 'batches', batch],
  [/^\/console\/payouts\/?$/, 'payouts', payouts],
  [/^\/console\/periods\/?$/, 'periods', periods],
  [/^\/console\/periods\/([^/]+)$/, 'periods', period],
];

let current = null; // { refresh } of the view on screen
let generation = 0; // a view replaced while loading must not draw over its successor

async function show() {
  const main = document.getElementById('view');
  const mine = ++generation;
  const path = location.pathname;
  const route = routes.find(([pattern]) => pattern.test(path));
  for (const link of document.querySelectorAll('[data-nav]')) {
    link.classList.toggle('current', route !== undefined && link.dataset.nav === route[1]);
  }
  if (!route) {
    main.replaceChildren(h('h1', {}, 'Not found'), h('p', {}, 'The console has no view at ', path, '.'));
    return;
  }
  const argument = decodeURIComponent(path.match(route[0])[1] ?? '');
  const view = route[2](argument, new URLSearchParams(location.search), { go, stillCurrent: () => mine === generation });
  current = view;
  await refresh();
}

async function refresh() {
  const view = current;
  if (!view) return;
  const live = document.getElementById('live');
  try {
    await view.refresh();
    if (view === current) {
      live.textContent = `Live · updated ${new Date().toISOString().slice(11, 19)} UTC`;
      live.classList.remove('stale');
    }
  } catch (error) {
    live.textContent = `Not updated: ${error.message}`;
    live.classList.add('stale');
  }
}

/** Goes to another view of the console without reloading the page. */
export function go(url) {
  history.pushState(null, '', url);
  show();
}

function drawOperator() {
  const slot = document.getElementById('operator');
  const name = operator.name();
  slot.replaceChildren(name
    ? h('span', {}, 'Operator ', h('strong', { id: 'operator-name' }, name), ' ',
        h('button', { type: 'button', class: 'secondary', id: 'sign-out', onclick: () => {
          operator.signOut(); drawOperator(); show();
        } }, 'Sign out'))
    : h('button', { type: 'button', id: 'sign-in-open', onclick: openSignIn }, 'Operator sign-in'));
}

function openSignIn() {
  const dialog = document.getElementById('sign-in');
  document.getElementById('sign-in-error').textContent = '';
  dialog.querySelector('input[name=token]').value = '';
  dialog.showModal();
}

async function signIn(event) {
  event.preventDefault();
  const dialog = document.getElementById('sign-in');
  const token = dialog.querySelector('input[name=token]').value.trim();
  try {
    // Only an operator's token gets through to this endpoint; its answer says whose it is.
    const who = await getJson('/console/api/operator', { Authorization: `Bearer ${token}` });
    operator.signIn(token, who.operator);
    dialog.close();
    drawOperator();
    show();
  } catch (error) {
    document.getElementById('sign-in-error').textContent = error instanceof Problem && error.status === 401
      ? 'Refused: that is not an operator token.'
      : `Could not check the token: ${error.message}`;
  }
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href^="/console"]');
  if (link && !link.hasAttribute('download') && event.button === 0 && !event.metaKey && !event.ctrlKey) {
    event.preventDefault();
    go(link.getAttribute('href'));
  }
});
window.addEventListener('popstate', show);
document.getElementById('find-payment').addEventListener('submit', (event) => {
  event.preventDefault();
  const id = new FormData(event.target).get('paymentId').trim();
  if (id) go(`/console/payments/${encodeURIComponent(id)}`);
});
document.getElementById('sign-in-form').addEventListener('submit', signIn);
document.getElementById('sign-in-cancel').addEventListener('click', () => document.getElementById('sign-in').close());

drawOperator();
await loadCurrencies();
await show();
setInterval(() => { if (!document.hidden) refresh(); }, REFRESH_MS);
