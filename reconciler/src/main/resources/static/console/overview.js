// Overview: where reconciliation stands (match rate, open breaks by type and age, what is pending)
// and the pipeline's health, read from each service's own metrics.
import { h, getJson, inAccount, panel, table, count, percent, typeName } from './ui.js';

const AGE_LABELS = { '0-1': '0–1 days', '2-7': '2–7 days', '8-30': '8–30 days', '>30': 'over 30 days' };

export function overview() {
  const main = document.getElementById('view');
  const tiles = h('div', { class: 'tiles' });
  const byType = h('div');
  const ageing = h('div');
  const amounts = h('div');
  const pipeline = h('div');
  main.replaceChildren(
    h('h1', {}, 'Reconciliation overview'),
    h('p', { class: 'sub' }, 'Settlement reports matched against payment state, across every provider.'),
    tiles,
    h('div', { class: 'grid' },
      panel('Open discrepancies by type', byType),
      panel('Open discrepancies by age', ageing),
      panel('Match rate by amount', amounts)),
    panel('Pipeline', pipeline));
  let previous = null; // the last pipeline reading, to turn totals into rates

  return {
    async refresh() {
      const [summary, services] = await Promise.all([
        getJson(inAccount('/reconciliation/summary')),
        getJson('/console/api/pipeline'),
      ]);
      tiles.replaceChildren(
        tile('Match rate', percent(summary.matchRate.byCount),
          `${count(summary.matchedLines)} of ${count(summary.settlementLines)} settlement lines`, 'match-rate'),
        tile('Open breaks', count(summary.breaks), 'need someone to look', 'open-breaks'),
        tile('Pending', count(summary.pending.capturesAwaitingSettlement + summary.pending.unknownSettlementsAwaitingWebhook),
          `${count(summary.pending.capturesAwaitingSettlement)} captures not due, `
            + `${count(summary.pending.unknownSettlementsAwaitingWebhook)} settlements awaiting a webhook`, 'pending'),
        tile('Resolved', count(summary.resolved), 'by evidence or an operator', 'resolved'),
        tile('Batches received', h('a', { href: '/console/batches' }, count(summary.batches)), 'settlement reports', 'batches'));

      const types = Object.entries(summary.byType).filter(([, c]) => c.open > 0);
      byType.replaceChildren(types.length === 0
        ? h('p', { class: 'empty' }, 'No open breaks.')
        : bars(types.map(([type, c]) => ({
            label: typeName(type), value: c.open, href: `/console/discrepancies?status=OPEN&type=${type}`, key: type,
          })), 'by-type'));
      ageing.replaceChildren(bars(Object.entries(summary.ageing).map(([bucket, n]) => ({
        label: AGE_LABELS[bucket] ?? bucket, value: n,
        href: `/console/discrepancies?status=OPEN&age=${encodeURIComponent(bucket)}`, key: bucket,
      })), 'ageing'));
      const currencies = Object.entries(summary.matchRate.byAmount);
      amounts.replaceChildren(currencies.length === 0
        ? h('p', { class: 'empty' }, 'No settlement lines yet.')
        : table(['Currency', { text: 'Matched by amount', class: 'num' }],
            currencies.map(([currency, ratio]) => h('tr', {}, h('td', {}, currency), h('td', { class: 'num' }, percent(ratio))))));

      const now = Date.now();
      pipeline.replaceChildren(pipelineTable(services, previous, now));
      previous = { services, at: now };
    },
  };
}

function tile(label, value, note, key) {
  return h('div', { class: 'tile', 'data-tile': key },
    h('div', { class: 'label' }, label), h('div', { class: 'value' }, value), h('div', { class: 'note' }, note));
}

function bars(items, key) {
  const most = Math.max(1, ...items.map((item) => item.value));
  return h('div', { class: 'bars', 'data-chart': key }, items.flatMap((item) => [
    h('a', { href: item.href }, item.label),
    h('div', { class: 'bar', role: 'img', 'aria-label': `${item.label}: ${item.value}` },
      h('span', { style: `width: ${(100 * item.value) / most}%` })),
    h('span', { class: 'count', 'data-key': item.key }, count(item.value)),
  ]));
}

/** A figure per service; counters as a rate per second since the last reading, gauges as they are. */
const ROWS = [
  ['ingress', 'accepted', 'Webhooks accepted', 'rate'],
  ['ingress', 'unavailable', 'Answered 503 (broker not reachable)', 'rate'],
  ['ingress', 'rejected', 'Webhooks rejected (signature, shape)', 'total'],
  ['ingress', 'quarantined', 'Webhooks quarantined (unmappable)', 'total'],
  ['processor', 'applied', 'Events applied', 'rate'],
  ['processor', 'duplicates', 'Duplicates dropped', 'total'],
  ['processor', 'anomalies', 'Anomalies', 'total'],
  ['processor', 'deadLetters', 'Dead-lettered', 'total'],
  ['processor', 'recovered', 'Recovered by polling', 'total'],
  ['processor', 'lag', 'Consumer lag (records)', 'gauge'],
  ['reconciler', 'matched', 'Settlement lines matched', 'rate'],
  ['reconciler', 'opened', 'Discrepancies opened', 'total'],
  ['reconciler', 'deadLetters', 'Dead-lettered', 'total'],
  ['reconciler', 'lag', 'Consumer lag (records)', 'gauge'],
];

function pipelineTable(services, previous, now) {
  const status = Object.entries(services).map(([name, figures]) => h('span', { style: 'margin-right: 16px' },
    name, ' ', figures.up
      ? h('span', { class: 'badge up', 'data-service': name }, figures.streamThreads === 0 ? 'no stream thread' : 'up')
      : h('span', { class: 'badge down', 'data-service': name, title: figures.error }, 'unreachable')));
  const rows = ROWS.map(([service, figure, label, kind]) => {
    const figures = services[service];
    let shown = '—';
    if (figures.up) {
      const value = figures[figure];
      if (kind === 'rate') {
        const before = previous?.services[service]?.[figure];
        const seconds = previous ? (now - previous.at) / 1000 : 0;
        shown = before === undefined || seconds <= 0 ? `${count(value)} total` : `${(Math.max(0, value - before) / seconds).toFixed(1)}/s`;
      } else {
        shown = count(value);
      }
    }
    const alarming = figures.up && ['deadLetters', 'unavailable', 'quarantined'].includes(figure) && figures[figure] > 0;
    return h('tr', { 'data-figure': `${service}.${figure}` },
      h('td', {}, service), h('td', {}, label),
      h('td', { class: 'num' }, alarming ? h('span', { class: 'badge warn' }, shown) : shown));
  });
  return h('div', {}, h('p', {}, status), table(['Service', 'Figure', { text: 'Now', class: 'num' }], rows));
}
