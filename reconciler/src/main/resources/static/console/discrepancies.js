// Discrepancies: filtered, paged on the server (an index by status and detection time), newest or
// oldest first, exportable as CSV with the same filter. The URL holds the filter and the page.
import { h, getJson, download, inAccount, table, money, time, typeName, badge, paymentLink, failure } from './ui.js';

export const TYPES = ['MISSING_SETTLEMENT', 'UNKNOWN_SETTLEMENT', 'AMOUNT_MISMATCH', 'CURRENCY_MISMATCH',
  'STATUS_MISMATCH', 'DUPLICATE_SETTLEMENT', 'REFUND_MISMATCH', 'CHARGEBACK_MISMATCH', 'FEE_MISMATCH',
  'PAYOUT_MISMATCH', 'PAYOUT_NOT_RECEIVED', 'BANK_AMOUNT_MISMATCH', 'UNEXPECTED_PAYOUT_CREDIT'];
const DAY = 86_400_000;
/** Ages as the summary buckets them: whole days since detection. */
const AGES = { '0-1': [0, 2], '2-7': [2, 8], '8-30': [8, 31], '>30': [31, null] };
const PAGE = 50;

export function discrepancies(_, params, { go }) {
  const main = document.getElementById('view');
  const filter = ['status', 'type', 'currency', 'paymentId', 'age', 'order']
    .reduce((f, name) => ({ ...f, [name]: params.get(name) ?? '' }), {});
  const after = params.get('after');
  const body = h('tbody');
  const pager = h('div', { class: 'pager' });

  const form = h('form', { class: 'filters', id: 'filters', onsubmit: (event) => {
    event.preventDefault();
    const chosen = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (value.trim()) chosen.set(name, value.trim());
    go(`/console/discrepancies?${chosen}`);
  } },
    select('status', 'Status', filter.status, [['', 'Any'], ['OPEN', 'Open'], ['RESOLVED', 'Resolved']]),
    select('type', 'Type', filter.type, [['', 'Any'], ...TYPES.map((t) => [t, typeName(t)])]),
    h('label', {}, 'Currency', h('input', { name: 'currency', value: filter.currency, size: 5, maxlength: 3,
      pattern: '[A-Za-z]{3}', placeholder: 'EUR' })),
    h('label', {}, 'Payment', h('input', { name: 'paymentId', value: filter.paymentId, placeholder: 'any' })),
    select('age', 'Age', filter.age, [['', 'Any'], ['0-1', '0–1 days'], ['2-7', '2–7 days'], ['8-30', '8–30 days'],
      ['>30', 'over 30 days']]),
    select('order', 'Order', filter.order, [['', 'Newest first'], ['oldest', 'Oldest first']]),
    h('button', { type: 'submit', id: 'apply-filters' }, 'Apply'));

  const query = apiQuery(filter);
  const csv = new URLSearchParams(query);
  csv.delete('order');
  csv.set('format', 'csv');
  main.replaceChildren(
    h('h1', {}, 'Discrepancies'),
    h('p', { class: 'sub' }, 'Every break reconciliation found, with where it stands. ',
      h('button', { type: 'button', class: 'link', id: 'export-csv', onclick: () =>
        download(inAccount(`/reconciliation/discrepancies?${csv}`), 'discrepancies.csv')
          .catch((error) => main.append(failure(error))) }, 'Export this filter as CSV')),
    h('section', { class: 'panel' }, form),
    h('section', { class: 'panel' },
      table(['Detected', 'Discrepancy', 'Status', 'Payment', 'Account', { text: 'Amount', class: 'num' }, 'Expected',
        'Actual'],
        body, { id: 'discrepancy-table' }),
      pager));

  return {
    async refresh() {
      const page = await getJson(inAccount(`/reconciliation/discrepancies/page?${apiQuery(filter, after)}`));
      body.replaceChildren(...(page.items.length === 0
        ? [h('tr', {}, h('td', { colspan: 8, class: 'empty' }, 'No discrepancy matches this filter.'))]
        : page.items.map(row)));
      const here = new URLSearchParams(location.search);
      here.delete('after');
      const next = new URLSearchParams(here);
      if (page.next) next.set('after', page.next);
      pager.replaceChildren(...[
        h('span', { class: 'muted', id: 'page-size' }, `${page.items.length} shown`),
        after ? h('a', { href: `/console/discrepancies?${here}`, id: 'first-page' }, 'First page') : null,
        page.next ? h('a', { href: `/console/discrepancies?${next}`, id: 'next-page' }, 'Next page') : null,
      ].filter(Boolean));
    },
  };
}

function row(d) {
  return h('tr', { 'data-discrepancy': d.discrepancyId, 'data-type': d.type },
    h('td', { class: 'nowrap' }, time(d.detectedAt)),
    h('td', {}, h('a', { href: `/console/discrepancies/${encodeURIComponent(d.discrepancyId)}`, class: 'open-detail',
      title: d.discrepancyId }, typeName(d.type))),
    h('td', {}, badge(d.status)),
    h('td', {}, paymentLink(d.paymentId, d.type)),
    h('td', { class: 'mono', 'data-account': d.account ?? '' }, d.account ?? '—'),
    h('td', { class: 'num' }, money(d.amount, d.currency)),
    h('td', { class: 'words' }, d.expected),
    h('td', { class: 'words' }, d.actual));
}

function select(name, label, chosen, options) {
  return h('label', {}, label, h('select', { name },
    options.map(([value, text]) => h('option', { value, selected: value === chosen }, text))));
}

/** The console's filter as the reconciler's query: ages become a detection window. */
function apiQuery(filter, after) {
  const query = new URLSearchParams();
  for (const name of ['status', 'type', 'paymentId']) if (filter[name]) query.set(name, filter[name]);
  if (filter.currency) query.set('currency', filter.currency.toUpperCase());
  const age = AGES[filter.age];
  if (age) {
    const now = Date.now();
    query.set('detectedUntil', new Date(now - age[0] * DAY).toISOString());
    if (age[1] !== null) query.set('detectedFrom', new Date(now - age[1] * DAY).toISOString());
  }
  query.set('order', filter.order === 'oldest' ? 'oldest' : 'newest');
  query.set('limit', String(PAGE));
  if (after) query.set('after', after);
  return query;
}
