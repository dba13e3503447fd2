// Settlement batches: every report received, newest first, and one batch with its payouts and the
// rows it rejected, each with its line, column and reason, so finance can correct the file and upload
// it again (the lines already accepted are recognised by their reference and not applied twice).
import { h, fact, getJson, inAccount, panel, table, money, time, count } from './ui.js';

export function batches(_, __, { stillCurrent }) {
  const main = document.getElementById('view');
  const list = h('div');
  const collection = h('div');
  main.replaceChildren(h('h1', {}, 'Settlement batches'), panel('Reports received, newest first', list),
    panel('Collected by the collector, by source', collection));
  return {
    async refresh() {
      const [all, sources] = await Promise.all([getJson(inAccount('/reconciliation/batches?limit=200')),
        getJson('/reconciliation/collections')]);
      if (!stillCurrent()) return;
      collection.replaceChildren(collected(sources));
      list.replaceChildren(all.length === 0 ? h('p', { class: 'empty' }, 'No settlement report yet.') : table(
        ['Batch', 'Format', 'Arrived', { text: 'Lines', class: 'num' }, { text: 'Rejected rows', class: 'num' },
          'Cut-off', 'Received'],
        all.map((b) => h('tr', { 'data-batch': b.batchId },
          h('td', {}, batchLink(b.batchId)), h('td', {}, b.format), h('td', { class: 'origin' }, origin(b)),
          h('td', { class: 'num' }, count(b.lines)),
          h('td', { class: 'num' }, b.rejectedCount > 0 ? h('strong', {}, count(b.rejectedCount)) : '0'),
          h('td', { class: 'nowrap' }, time(b.cutoff)), h('td', { class: 'nowrap' }, time(b.uploadedAt)))),
        { id: 'batches' }));
    },
  };
}

export function batch(id, _, { stillCurrent }) {
  const main = document.getElementById('view');
  const heading = h('h1', {}, 'Batch ', h('span', { class: 'mono', id: 'batch-id' }, id));
  const facts = h('div');
  const rejected = h('div');
  main.replaceChildren(heading, panel('Report', facts), panel('Rejected rows', rejected));
  return {
    async refresh() {
      const b = await getJson(`/reconciliation/batches/${encodeURIComponent(id)}`);
      if (!stillCurrent()) return;
      facts.replaceChildren(summary(b));
      const kept = b.rejected ?? [];
      rejected.replaceChildren(b.rejectedCount === 0 ? h('p', { class: 'empty' }, 'Every row of this report was used.')
        : h('div', {},
          h('p', {}, `${count(b.rejectedCount)} rows were not used`,
            b.rejectedCount > kept.length ? ` (the first ${kept.length} are listed)` : '',
            '. Correct them in the file and upload it again: rows already accepted are recognised by their reference ',
            'and not applied twice.'),
          table([{ text: 'Line', class: 'num' }, 'Column', 'Reason'], kept.map((r) => h('tr', { 'data-line': r.line },
            h('td', { class: 'num' }, String(r.line)), h('td', { class: 'mono' }, r.column ?? 'the whole row'),
            h('td', {}, r.reason))), { id: 'rejected-rows' })));
    },
  };
}

/** A batch's facts and its payouts: what the report pays out next to what its rows add up to. */
export function summary(b) {
  const payouts = Object.entries(b.payouts ?? {});
  return h('div', {}, h('dl', { class: 'facts' },
    fact('Batch', batchLink(b.batchId)), fact('Format', b.format), fact('Lines', count(b.lines)),
    fact('Rejected rows', count(b.rejectedCount ?? 0)), fact('Cut-off', time(b.cutoff)),
    fact('Arrived', origin(b)), fact('Received', time(b.uploadedAt))),
  payouts.length === 0 ? null : table(['Payout', { text: 'Paid out', class: 'num' },
    { text: 'Payment lines (net)', class: 'num' }, { text: 'Other rows', class: 'num' }],
  payouts.map(([key, p]) => {
    const currency = p.currency ?? key;
    return h('tr', {}, h('td', { class: 'mono' }, key), h('td', { class: 'num' }, money(p.paid, currency)),
      h('td', { class: 'num' }, money(p.paymentLines, currency)), h('td', { class: 'num' }, money(p.otherRows, currency)));
  })));
}

/** Each source the collector collects: its latest report, when the next is due, what waits or was refused. */
function collected(sources) {
  if (sources.length === 0) return h('p', { class: 'empty' }, 'The collector has collected no report yet.');
  return table(['Source', 'Latest report', 'Collected', 'Next due', 'Waiting', 'Refused'],
    sources.map((s) => h('tr', { 'data-source': s.source },
      h('td', {}, s.source),
      h('td', { class: 'mono' }, s.latestBatchId ? h('span', {}, s.latestReport, ' → ', batchLink(s.latestBatchId))
        : (s.latestReport ? `${s.latestReport} (no usable line: nothing to reconcile)` : '—')),
      h('td', { class: 'nowrap' }, s.latestAt ? time(s.latestAt) : '—'),
      h('td', { class: 'nowrap' }, s.nextDueAfter ? `after ${time(s.nextDueAfter)}` : 'when the provider announces it'),
      h('td', {}, s.waiting.length === 0 ? '—' : s.waiting.join(', ')),
      h('td', {}, s.refused.length === 0 ? '—'
        : h('ul', {}, ...s.refused.map((r) => h('li', {}, h('span', { class: 'mono' }, r.report), ': ', r.reason)))))),
    { id: 'collections' });
}

/** How the report arrived: uploaded by an operator, or collected by the collector from a source. */
function origin(b) {
  return b.origin ?? 'uploaded (before arrivals were recorded)';
}

export function batchLink(id) {
  return h('a', { href: `/console/batches/${encodeURIComponent(id)}`, class: 'mono' }, id);
}
