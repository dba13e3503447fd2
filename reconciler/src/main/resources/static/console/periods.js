// Periods: each day or month with activity in the accounts shown, open or closed; a closed one's statements
// per merchant account, provider and currency (totals, adjustments for earlier closed periods, open breaks
// carried forward, the clearing balance, the chain's hash) and its journal; an open period can be closed by
// an operator, for the accounts shown (the selector's, else all of theirs), once they have seen what it holds.
import { h, getJson, download, inAccount, postJson, panel, table, money, count, badge, operator, Problem } from './ui.js';

export function periods(_, __, { stillCurrent }) {
  const main = document.getElementById('view');
  const list = h('div');
  main.replaceChildren(h('h1', {}, 'Periods'), panel('Days and months with activity, newest first', list));
  return {
    async refresh() {
      const all = await getJson(inAccount('/reconciliation/periods'));
      if (!stillCurrent()) return;
      list.replaceChildren(all.length === 0 ? h('p', { class: 'empty' }, 'No activity yet.') : table(
        ['Period', 'Status', { text: 'Statements', class: 'num' }],
        all.map((p) => h('tr', { 'data-period': p.period },
          h('td', {}, h('a', { href: `/console/periods/${p.period}`, class: 'mono' }, p.period)),
          h('td', {}, badge(p.status)), h('td', { class: 'num' }, count(p.statements.length)))),
        { id: 'periods' }));
    },
  };
}

export function period(id, _, { stillCurrent }) {
  const main = document.getElementById('view');
  const statements = h('div');
  const journal = h('div');
  const closing = h('div', { id: 'close-period' });
  main.replaceChildren(h('h1', {}, 'Period ', h('span', { class: 'mono', id: 'period-id' }, id)),
    panel('Statements', statements), panel('Journal', journal), panel('Close', closing));
  let drawn = null;
  return {
    async refresh() {
      const [all, entries] = await Promise.all([getJson(inAccount('/reconciliation/periods')),
        getJson(inAccount(`/journal?period=${encodeURIComponent(id)}`))]);
      if (!stillCurrent()) return;
      const p = all.find((x) => x.period === id) ?? { period: id, status: 'OPEN', statements: [] };
      statements.replaceChildren(p.statements.length === 0
        ? h('p', { class: 'empty' }, p.status === 'CLOSED' ? 'Closed with no activity.' : 'Statements are made when the period closes.')
        : h('div', {}, table(['Account', 'Provider', 'Currency', { text: 'Captured', class: 'num' }, { text: 'Refunded', class: 'num' },
          { text: 'Charged back', class: 'num' }, { text: 'Fees', class: 'num' }, { text: 'Paid out', class: 'num' },
          { text: 'Matched', class: 'num' }, { text: 'Open breaks', class: 'num' }, { text: 'Clearing balance', class: 'num' },
          'Adjusts'], p.statements.map((s) => h('tr', { 'data-statement': `${s.account ?? ''}|${s.source}|${s.currency}` },
          h('td', { class: 'mono' }, s.account ?? '—'), h('td', {}, s.source), h('td', {}, s.currency), h('td', { class: 'num' }, money(s.totals.captured, s.currency)),
          h('td', { class: 'num' }, money(s.totals.refunded, s.currency)),
          h('td', { class: 'num' }, money(s.totals.chargedBack, s.currency)),
          h('td', { class: 'num' }, money(s.totals.fees, s.currency)),
          h('td', { class: 'num' }, money(s.totals.paidOut, s.currency)),
          h('td', { class: 'num' }, `${count(s.totals.matchedLines)} of ${count(s.totals.lines)}`),
          h('td', { class: 'num' }, count(s.open.length)), h('td', { class: 'num' }, money(s.clearingBalance, s.currency)),
          h('td', {}, s.adjustments.map((a) => `${a.adjustsPeriod}: ${money(a.totals.captured, s.currency)} captured`)
            .join('; ') || '—'))), { id: 'statements' }),
        h('p', {}, h('button', { type: 'button', class: 'link', onclick: () =>
          download(inAccount(`/reconciliation/periods/${id}?format=csv`), `period-${id}.csv`) }, 'Export as CSV'))));
      journal.replaceChildren(entries.length === 0 ? h('p', { class: 'empty' }, 'No journal entry booked in it.') : h('div', {},
        table(['Day', 'Entry', 'Account', { text: 'Debit', class: 'num' }, { text: 'Credit', class: 'num' }, 'Memo'],
          entries.flatMap((e) => e.lines.map((l) => h('tr', { 'data-entry': e.entryId },
            h('td', { class: 'nowrap' }, e.period), h('td', { class: 'mono' }, e.entryId), h('td', { class: 'mono' }, l.account),
            h('td', { class: 'num' }, l.debit ? money(l.debit, l.currency) : ''),
            h('td', { class: 'num' }, l.credit ? money(l.credit, l.currency) : ''),
            h('td', {}, e.adjustsPeriod ? `${e.memo} (adjusts ${e.adjustsPeriod})` : e.memo)))), { id: 'journal' }),
        h('p', {}, h('button', { type: 'button', class: 'link', onclick: () =>
          download(inAccount(`/journal?period=${id}&format=csv`), `journal-${id}.csv`) }, 'Export the journal as CSV'))));
      if (drawn !== p.status) {
        drawn = p.status;
        closing.replaceChildren(...closeForm(id, p, entries));
      }
    },
  };
}

/** What closing does, what the period holds, and the button: an operator's, once. */
function closeForm(id, p, entries) {
  if (p.status === 'CLOSED') return [h('p', {}, 'Closed: its statements never change; later evidence is an adjustment of the next open period.')];
  if (p.status === 'CLOSING') return [h('p', {}, 'Closing: the statements appear once every reconciler task has sent its part.')];
  if (!operator.token()) return [h('p', { class: 'notice' }, 'Only an operator can close a period: sign in with your operator token.')];
  const message = h('div', { id: 'close-message' });
  const button = h('button', { type: 'button', id: 'close-submit', onclick: async () => {
    button.disabled = true;
    try {
      await postJson(inAccount(`/reconciliation/periods/${encodeURIComponent(id)}/close`), {}, operator.headers());
      message.replaceChildren(h('p', { class: 'message ok' }, 'Close accepted; the statements appear here shortly.'));
    } catch (error) {
      message.replaceChildren(h('p', { class: 'message error', role: 'alert' },
        error instanceof Problem ? error.message : String(error)));
      button.disabled = false;
    }
  } }, `Close ${id}`);
  const whose = operator.account() ? `account ${operator.account()}` : 'every account you operate';
  return [h('p', {}, `Closing ${id} for ${whose} makes one statement per account, provider and currency from what it holds now: `,
    `${entries.length} journal entr${entries.length === 1 ? 'y' : 'ies'}, every settlement line and payout of its days, `,
    'and every break still open, carried forward. It cannot be reopened.'), h('p', {}, button), message];
}
