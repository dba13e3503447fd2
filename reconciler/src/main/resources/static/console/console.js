// The console's shell: one page, a view per URL (pushState, so every view has a URL to paste into a
// ticket), the operator's sign-in and account selector, and the live updates the services push, on
// which the current view reads its data again.
import { h, getJson, loadCurrencies, operator, Problem, whenRefused } from './ui.js';
import { overview } from './overview.js';
import { discrepancies } from './discrepancies.js';
import { discrepancy } from './discrepancy.js';
import { payment } from './payment.js';
import { batches, batch } from './batches.js';
import { payouts } from './payouts.js';
import { periods, period } from './periods.js';

/** After the stream of live updates ends, how long before it is opened again. */
const RECONNECT_MS = 3000;

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
  if (!operator.token()) {
    current = null;
    main.replaceChildren(h('h1', {}, 'Sign in'),
      h('p', { id: 'signed-out' }, 'The reconciliation is shown to operators only. ',
        h('button', { type: 'button', onclick: openSignIn }, 'Sign in with your operator token'), '.'));
    return;
  }
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

let refreshing = null; // the refresh in flight; an update arriving meanwhile asks for one more after it
let again = false;

async function refresh() {
  if (refreshing) { again = true; return; }
  const view = current;
  if (!view) return;
  const live = document.getElementById('live');
  refreshing = (async () => {
    try {
      await view.refresh();
      if (view === current) {
        live.textContent = `${stream ? 'Live' : 'Not live'} · updated ${new Date().toISOString().slice(11, 19)} UTC`;
        live.classList.toggle('stale', !stream);
      }
    } catch (error) {
      live.textContent = `Not updated: ${error.message}`;
      live.classList.add('stale');
    }
  })();
  await refreshing;
  refreshing = null;
  if (again) { again = false; refresh(); }
}

// Live updates: Server-Sent Events read with fetch (EventSource cannot send the bearer header, and the
// token never goes in a URL). Each 'changed' event makes the current view read its data again.
let stream = null; // the AbortController of the open stream

// A view reads what the reconciler's stores hold; some of them (closed periods) follow the very topics
// that announce the change, a moment later: the view reads once now and once more shortly after.
const SETTLE_MS = 1500;
let settling = null;

function changed() {
  refresh();
  clearTimeout(settling);
  settling = setTimeout(refresh, SETTLE_MS);
}

function connectLive() {
  stream?.abort();
  stream = null;
  if (!operator.token()) return;
  const controller = new AbortController();
  stream = controller;
  const url = '/console/api/live' + (operator.account() ? `?account=${encodeURIComponent(operator.account())}` : '');
  (async () => {
    try {
      const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...operator.headers() },
        signal: controller.signal });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += value;
        let end;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const message = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const event = message.split('\n').find((line) => line.startsWith('event:'))?.slice(6).trim();
          if (event === 'changed' || event === 'connected') changed();
        }
      }
    } catch (error) {
      if (controller.signal.aborted) return;
    }
    if (stream === controller) {
      stream = null;
      const live = document.getElementById('live');
      live.textContent = 'Not live: reconnecting…';
      live.classList.add('stale');
      setTimeout(() => { if (!stream && operator.token()) connectLive(); }, RECONNECT_MS);
    }
  })();
}

/** Goes to another view of the console without reloading the page. */
export function go(url) {
  history.pushState(null, '', url);
  show();
}

function signOut() {
  operator.signOut();
  stream?.abort();
  stream = null;
  drawOperator();
  show();
}

async function drawOperator() {
  const slot = document.getElementById('operator');
  const name = operator.name();
  if (!name) {
    slot.replaceChildren(h('button', { type: 'button', id: 'sign-in-open', onclick: openSignIn }, 'Operator sign-in'));
    return;
  }
  // The accounts to choose from come from the server: an operator limited to accounts is offered only theirs.
  const selector = h('select', { id: 'account', 'aria-label': 'Merchant account', onchange: (event) => {
    operator.chooseAccount(event.target.value);
    connectLive();
    show();
  } }, h('option', { value: '' }, 'All my accounts'));
  slot.replaceChildren(h('span', {}, selector, ' Operator ', h('strong', { id: 'operator-name' }, name), ' ',
    h('button', { type: 'button', class: 'secondary', id: 'sign-out', onclick: signOut }, 'Sign out')));
  try {
    const accounts = await getJson('/console/api/accounts');
    if (operator.account() && !accounts.includes(operator.account())) operator.chooseAccount('');
    selector.append(...accounts.map((account) => h('option', { value: account }, account)));
    selector.value = operator.account();
  } catch (error) {
    selector.title = `Accounts not read: ${error.message}`;
  }
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
    await loadCurrencies();
    drawOperator();
    connectLive();
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

// The stream holds one of the few connections a browser opens to a host: a page left behind (or kept in
// the back/forward cache) gives it back, and takes one again when it is shown again.
window.addEventListener('pagehide', () => { stream?.abort(); stream = null; });
window.addEventListener('pageshow', (event) => { if (event.persisted && operator.token()) connectLive(); });

// A token the services no longer accept (removed, rotated): the operator signs in again.
whenRefused(() => { if (operator.token()) signOut(); });
if (operator.token()) {
  await loadCurrencies().catch(() => {});
  connectLive();
}
drawOperator();
await show();
