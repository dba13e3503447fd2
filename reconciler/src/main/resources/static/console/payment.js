// One payment: its state (processor), every event it received in the order taken with each status
// transition, the duplicates payhook ignored, its anomalies, its settlement lines and its breaks.
import { h, fact, getJson, panel, table, money, time, typeName, badge, discrepancyLink, failure } from './ui.js';
import { lines } from './discrepancy.js';

export function payment(id, _, { stillCurrent }) {
  const main = document.getElementById('view');
  const heading = h('div');
  const state = h('div');
  const anomalies = h('div');
  const timeline = h('div');
  const duplicates = h('div');
  const settlement = h('div');
  const breaks = h('div');
  main.replaceChildren(heading, h('div', { class: 'grid' }, panel('State', state), panel('Anomalies', anomalies)),
    panel('Timeline', timeline), panel('Settlement lines', settlement), panel('Discrepancies', breaks),
    panel('Ignored as duplicates', duplicates));

  return {
    async refresh() {
      const view = await getJson(`/console/api/payments/${encodeURIComponent(id)}`);
      if (!stillCurrent()) return;
      const s = view.state;
      heading.replaceChildren(h('h1', {}, 'Payment ', h('span', { class: 'mono', id: 'payment-id' }, view.paymentId),
        ' ', s ? h('span', { class: 'badge type', id: 'payment-status' }, s.status) : null),
      ...view.unavailable.map((what) => failure(new Error(`Not available: ${what}`))));
      state.replaceChildren(s ? h('dl', { class: 'facts' },
        fact('Source', s.source), fact('Account', s.account ?? '—'), fact('Amount', money(s.amount, s.currency)),
        fact('Captured', money(s.capturedAmount, s.currency)), fact('Refunded', money(s.refundedAmount, s.currency)),
        fact('Refunds reversed', (s.reversedRefunds ?? []).join(', ') || 'none'),
        fact('Disputes', Object.entries(s.disputes ?? {})
          .map(([d, outcome]) => `${d}: ${outcome}${s.disputeStages?.[d] ? ` (${s.disputeStages[d]})` : ''}`)
          .join(', ') || 'none'),
        fact('Order', s.orderId ?? '—'),
        fact('Deliveries', Object.entries(s.deliveries ?? {}).map(([how, n]) => `${how} ${n}`).join(', ') || '—'),
        fact('Created', time(s.createdAt)), fact('Captured at', time(s.capturedAt)), fact('Last event', time(s.updatedAt)))
        : h('p', { class: 'notice' }, 'No webhook for this payment has been processed.'));
      anomalies.replaceChildren(!s || s.anomalies.length === 0
        ? h('p', { class: 'empty' }, 'None.')
        : h('ul', { id: 'anomalies' }, s.anomalies.map((a) => h('li', {}, a))));

      let before = null;
      timeline.replaceChildren(view.timeline.length === 0 ? h('p', { class: 'empty' }, 'No event yet.') : table(
        ['#', 'Received', 'Happened', 'Event', 'Provider event', 'Source', 'Delivery', 'Outcome', 'Status after'],
        view.timeline.map((e) => {
          const transition = e.outcome === 'applied' && e.statusAfter !== before;
          const from = before;
          if (e.outcome === 'applied') before = e.statusAfter;
          return h('tr', { class: `${e.outcome}${transition ? ' transition' : ''}`, 'data-event': e.eventId },
            h('td', { class: 'num' }, String(e.sequence + 1)), h('td', { class: 'nowrap' }, time(e.receivedAt)),
            h('td', { class: 'nowrap' }, time(e.occurredAt)), h('td', {}, e.type), h('td', { class: 'mono' }, e.providerEventType ?? ''),
            h('td', {}, e.source), h('td', {}, e.delivery), h('td', {}, e.outcome),
            h('td', { class: 'status' }, transition && from ? `${from} → ${e.statusAfter}` : e.statusAfter));
        }), { id: 'timeline' }));

      const ignored = view.timeline.filter((e) => e.outcome === 'duplicate');
      duplicates.replaceChildren(ignored.length === 0 ? h('p', { class: 'empty' }, 'None.') : table(
        ['Received', 'Event id', 'Event', 'Delivery'],
        ignored.map((e) => h('tr', {}, h('td', { class: 'nowrap' }, time(e.receivedAt)), h('td', { class: 'mono' }, e.eventId),
          h('td', {}, e.type), h('td', {}, e.delivery))), { id: 'duplicates' }));

      const reconciliation = view.reconciliation;
      settlement.replaceChildren(reconciliation ? lines(reconciliation) : h('p', { class: 'empty' }, 'None yet.'));
      const found = Object.values(reconciliation?.discrepancies ?? {});
      breaks.replaceChildren(found.length === 0 ? h('p', { class: 'empty' }, 'None.') : table(
        ['Detected', 'Type', 'Status', { text: 'Amount', class: 'num' }, 'Expected', 'Actual', 'Id'],
        found.map((d) => h('tr', { 'data-discrepancy': d.discrepancyId },
          h('td', { class: 'nowrap' }, time(d.detectedAt)), h('td', {}, typeName(d.type)), h('td', {}, badge(d.status)),
          h('td', { class: 'num' }, money(d.amount, d.currency)), h('td', { class: 'words' }, d.expected),
          h('td', { class: 'words' }, d.actual),
          h('td', {}, discrepancyLink(d.discrepancyId))))));
    },
  };
}
