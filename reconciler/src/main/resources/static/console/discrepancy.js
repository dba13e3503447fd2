// One discrepancy: what it says, its evidence (the payment as the reconciler last saw it, its
// settlement lines, the batch), its history, and, for an operator, resolving it with a note.
import { summary } from './batches.js';
import { h, fact, getJson, postJson, panel, table, money, time, typeName, badge, paymentLink, failure, operator, Problem }
  from './ui.js';

export function discrepancy(id, _, { stillCurrent }) {
  const main = document.getElementById('view');
  const heading = h('div');
  const facts = h('div');
  const resolve = h('div', { id: 'resolve' });
  const evidence = h('div');
  const history = h('div');
  main.replaceChildren(heading, h('div', { class: 'grid' }, panel('The break', facts), panel('Resolution', resolve)),
    panel('Evidence', evidence), panel('History', history));
  let drawnFor = null; // the resolve form is drawn once per status, so a note being typed survives refreshes

  return {
    async refresh() {
      let detail;
      try {
        detail = await getJson(`/reconciliation/discrepancies/${encodeURIComponent(id)}`);
      } catch (error) {
        if (error instanceof Problem && error.status === 404) {
          heading.replaceChildren(h('h1', {}, 'Unknown discrepancy'), failure(error));
          return;
        }
        throw error;
      }
      if (!stillCurrent()) return;
      const d = detail.discrepancy;
      heading.replaceChildren(
        h('h1', {}, typeName(d.type), ' ', badge(d.status)),
        h('p', { class: 'sub mono', id: 'discrepancy-id' }, d.discrepancyId));
      facts.replaceChildren(h('dl', { class: 'facts' },
        fact('Payment', paymentLink(d.paymentId, d.type)),
        fact('Account', d.account ?? '—'),
        fact('Expected', d.expected),
        fact('Actual', d.actual),
        fact('At stake', money(d.amount, d.currency)),
        fact('Batch', d.batchId ?? '—'),
        fact('Settlement line', d.reference ?? '—'),
        fact('Detected', time(d.detectedAt))));
      const state = `${d.status}|${operator.token() ? 'operator' : 'reader'}`;
      if (drawnFor !== state) {
        drawnFor = state;
        resolve.replaceChildren(...resolution(d, () => { drawnFor = null; }));
      }
      evidence.replaceChildren(...evidenceOf(detail));
      history.replaceChildren(table(
        ['When', 'Change', 'Status', 'Expected', 'Actual', { text: 'Amount', class: 'num' }, 'Why', 'By'],
        detail.history.map((e) => h('tr', { 'data-change': e.change },
          h('td', { class: 'nowrap' }, time(e.at)), h('td', {}, e.change), h('td', {}, badge(e.status)),
          h('td', {}, e.expected), h('td', {}, e.actual), h('td', { class: 'num' }, money(e.amount, e.currency)),
          h('td', {}, e.resolution ?? ''), h('td', {}, e.operator ? `operator ${e.operator}` : e.resolvedBy ?? ''))),
        { id: 'history' }));
    },
  };
}


/** Resolved: how. Open: the form for an operator, a read-only notice for everyone else. */
const ACTIONS = [['EXPLAINED', 'Explained: nothing moves'], ['WRITE_OFF', 'Write off'],
  ['FEE_ADJUSTMENT', 'Fee adjustment'], ['MARK_RECEIVED', 'Mark received (confirmed by other means)'],
  ['REFUND_ISSUED', 'Refund issued (the provider reports it later)']];

function resolution(d, redraw) {
  if (d.status === 'RESOLVED') {
    return [h('dl', { class: 'facts' },
      fact('Resolved', time(d.resolvedAt)),
      fact('By', d.resolvedBy === 'operator' ? `operator ${d.operator}` : 'later evidence'),
      fact('Why', d.resolution ?? '—'))];
  }
  const message = h('div', { id: 'resolve-message' });
  if (!operator.token()) {
    return [h('p', { class: 'notice', id: 'read-only' },
      'Read-only. Only an operator can resolve a discrepancy: sign in with your operator token.'), message];
  }
  const note = h('textarea', { name: 'note', id: 'resolve-note', maxlength: 2000,
    placeholder: 'Why (kept with the resolution, and as the journal entry\'s memo)' });
  const action = h('select', { name: 'action', id: 'resolve-action', onchange: () => preview() },
    ACTIONS.map(([value, text]) => h('option', { value }, text)));
  const entry = h('div', { id: 'resolve-entry' });
  // The entry the action will post, shown before the operator confirms: the same function posts it.
  async function preview() {
    const chosen = action.value;
    const shown = await getJson(`/reconciliation/discrepancies/${encodeURIComponent(d.discrepancyId)}/entry?action=${chosen}`);
    if (action.value !== chosen) return;
    entry.replaceChildren(shown.lines.length === 0
      ? h('p', { class: 'muted', id: 'resolve-no-entry' }, 'No journal entry: nothing moves in the books.')
      : table(['Account', { text: 'Debit', class: 'num' }, { text: 'Credit', class: 'num' }], shown.lines.map((l) =>
        h('tr', { 'data-account': l.account }, h('td', { class: 'mono' }, l.account),
          h('td', { class: 'num' }, l.debit ? money(l.debit, l.currency) : ''),
          h('td', { class: 'num' }, l.credit ? money(l.credit, l.currency) : ''))), { id: 'resolve-entry-lines' }));
  }
  preview().catch(() => {});
  const button = h('button', { type: 'submit', id: 'resolve-submit' }, 'Resolve');
  const form = h('form', { onsubmit: async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      await postJson(`/reconciliation/discrepancies/${encodeURIComponent(d.discrepancyId)}/resolve`,
        { note: note.value, action: action.value }, operator.headers());
      message.replaceChildren(h('p', { class: 'message ok' },
        'Resolution accepted; the discrepancy turns RESOLVED as soon as the reconciler has applied it.'));
    } catch (error) {
      message.replaceChildren(h('p', { class: 'message error', role: 'alert' },
        error instanceof Problem && error.status === 401 ? `Refused: ${error.message}` : error.message));
      button.disabled = false;
    }
  } }, h('label', {}, 'Action', action), h('label', {}, 'Note', note),
  h('p', { class: 'muted' }, 'The journal entry it posts:'), entry, h('p', {}, button));
  return [form, message];
}

function evidenceOf(detail) {
  const parts = [];
  const payment = detail.payment?.payment;
  if (payment) {
    parts.push(h('h2', {}, 'The payment, as payhook last saw it'), h('dl', { class: 'facts' },
      fact('Status', payment.status), fact('Source', payment.source),
      fact('Captured', money(payment.capturedAmount, payment.currency)),
      fact('Refunds', Object.keys(payment.refunds ?? {}).length === 0 ? 'none'
        : Object.entries(payment.refunds).map(([refund, amount]) => `${refund}: ${money(amount, payment.currency)}`).join(', ')),
      fact('Disputes', Object.keys(payment.disputes ?? {}).length === 0 ? 'none'
        : Object.entries(payment.disputes).map(([dispute, stage]) => `${dispute}: ${stage}`).join(', ')),
      fact('Last event', time(payment.updatedAt))));
  } else if (detail.discrepancy.paymentId) {
    parts.push(h('p', { class: 'notice' }, 'No webhook has told payhook of this payment.'));
  }
  if (detail.payment) parts.push(h('h2', { style: 'margin-top: 16px' }, 'Settlement lines'), lines(detail.payment));
  if (detail.batch) parts.push(h('h2', { style: 'margin-top: 16px' }, 'Batch'), batch(detail.batch));
  return parts;
}

export function lines(reconciliation) {
  const all = Object.values(reconciliation.lines ?? {});
  if (all.length === 0) return h('p', { class: 'empty' }, 'No settlement line for this payment yet.');
  const matched = new Set(reconciliation.matched ?? []);
  return table(['Reference', 'Kind', { text: 'Amount', class: 'num' }, { text: 'Fee', class: 'num' }, 'Batch',
    'Settled', 'Matched'], all.map((line) => h('tr', { 'data-line': line.reference },
    h('td', { class: 'mono' }, line.reference), h('td', {}, line.kind),
    h('td', { class: 'num' }, money(line.amount, line.currency)),
    h('td', { class: 'num' }, line.fee === null || line.fee === undefined ? '—' : money(line.fee, line.currency)),
    h('td', { class: 'mono' }, line.batchId), h('td', { class: 'nowrap' }, time(line.settledAt)),
    h('td', { class: 'nowrap' }, matched.has(line.reference) ? '✓ matched' : h('span', { class: 'muted' }, 'no')))),
  { id: 'settlement-lines' });
}

function batch(b) {
  return summary(b);
}
