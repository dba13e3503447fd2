// Payouts against the bank: per bank account how many payouts matched, are pending and are broken, how
// far its statements reach; then each payout with its batch, the day it was due and the bank credit that
// paid it, or how late it is. Filter by account or status with the URL (?account=…&status=…).
import { h, getJson, panel, table, money, time, count, badge } from './ui.js';

const STATUSES = ['MATCHED', 'SHORT', 'NOT_RECEIVED', 'PENDING', 'NO_ACCOUNT'];
const TONE = { MATCHED: 'RESOLVED', SHORT: 'OPEN', NOT_RECEIVED: 'OPEN', PENDING: 'warn', NO_ACCOUNT: 'type' };

export function payouts(_, query, { stillCurrent, go }) {
  const main = document.getElementById('view');
  const accounts = h('div');
  const list = h('div');
  const filters = h('p', { class: 'filters' });
  main.replaceChildren(h('h1', {}, 'Payouts'), panel('Bank accounts', accounts), panel('Payouts, newest first',
    filters, list));
  const account = query.get('account');
  const status = query.get('status');
  filters.replaceChildren('Show: ', ...[null, ...STATUSES].map((s) => h('a', {
    href: url(account, s), class: s === status ? 'current' : '', onclick: (e) => { e.preventDefault(); go(url(account, s)); },
  }, s ? s.toLowerCase().replaceAll('_', ' ') : 'all')), account ? h('span', {}, ' · account ', h('span',
    { class: 'mono' }, account), ' ', h('a', { href: url(null, status) }, '(all accounts)')) : '');
  return {
    async refresh() {
      const params = new URLSearchParams({ limit: '500' });
      if (account) params.set('account', account);
      if (status) params.set('status', status);
      const bank = await getJson(`/reconciliation/payouts?${params}`);
      if (!stillCurrent()) return;
      accounts.replaceChildren(bank.accounts.length === 0
        ? h('p', { class: 'empty' }, 'No bank account is configured (payhook.bank.accounts) and no statement arrived.')
        : table(['Account', 'Name', 'Takes', 'Statements through', { text: 'Matched', class: 'num' },
          { text: 'Pending', class: 'num' }, { text: 'Broken', class: 'num' }],
        bank.accounts.map((a) => h('tr', { 'data-account': a.account },
          h('td', {}, h('a', { href: url(a.account, status), class: 'mono' }, a.account)), h('td', {}, a.name ?? '—'),
          h('td', {}, a.providers.length ? `${a.providers.join(', ')} in ${a.currency}` : 'nothing configured'),
          h('td', { class: 'nowrap' }, a.coveredThrough ?? 'no statement yet'),
          h('td', { class: 'num', 'data-count': 'matched' }, count(a.matched)),
          h('td', { class: 'num', 'data-count': 'pending' }, count(a.pending)),
          h('td', { class: 'num', 'data-count': 'broken' }, a.broken > 0 ? h('strong', {}, count(a.broken)) : '0'))),
        { id: 'bank-accounts' }));
      list.replaceChildren(bank.payouts.length === 0 ? h('p', { class: 'empty' }, 'No payout to show.') : table(
        ['Payout', 'Provider', 'Batch', { text: 'Amount', class: 'num' }, 'Paid out', 'Due by', 'Status',
          'Bank credit'],
        bank.payouts.map((p) => h('tr', { 'data-payout': p.payoutKey },
          h('td', { class: 'mono' }, p.payoutId), h('td', {}, p.provider),
          h('td', {}, h('a', { href: `/console/batches/${encodeURIComponent(p.batchId)}`, class: 'mono' }, p.batchId)),
          h('td', { class: 'num' }, money(p.amount, p.currency)), h('td', { class: 'nowrap' }, p.paidOn),
          h('td', { class: 'nowrap' }, p.dueBy ?? '—'),
          h('td', {}, h('span', { class: `badge ${TONE[p.status]}`, 'data-status': p.status },
            p.status.toLowerCase().replaceAll('_', ' '))),
          h('td', {}, credit(p)))),
        { id: 'payouts' }));
    },
  };
}

function url(account, status) {
  const params = new URLSearchParams();
  if (account) params.set('account', account);
  if (status) params.set('status', status);
  const query = params.toString();
  return `/console/payouts${query ? '?' + query : ''}`;
}

/** The credit that paid it, or how late it is. */
function credit(p) {
  if (p.credit) {
    const c = p.credit;
    return h('span', {}, money(c.amount, c.currency), ' on ', c.valueDate, ' ', h('span', { class: 'mono muted' },
      c.bankReference ?? c.lineId), c.remittance ? h('div', { class: 'muted' }, c.remittance) : '');
  }
  if (p.status === 'NO_ACCOUNT') return h('span', { class: 'muted' }, 'no bank account takes these payouts');
  const late = p.daysLate ? ` · ${p.daysLate} day${p.daysLate === 1 ? '' : 's'} late` : '';
  if (p.status === 'NOT_RECEIVED') return h('strong', {}, `no credit in the statements through ${p.dueBy}${late}`);
  if (late) return h('strong', {}, `not in the statements yet${late}`);
  return h('span', { class: 'muted' }, 'not due yet');
}
