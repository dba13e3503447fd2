// What every view of the console shares: building elements from data (text only, never HTML:
// payment ids and report fields come from outside), reading the services, money and time.

/** An element: h('td', {class: 'num'}, 'text', child, ...). Strings become text nodes. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    // Through the CSSOM: the Content-Security-Policy forbids style attributes written as markup.
    else if (name === 'style') element.style.cssText = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** A failed read, with the service's RFC 9457 problem when it sent one. */
export class Problem extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

// Every read and action is an operator's: the token goes in the Authorization header, never in a URL.
export async function getJson(url, headers = {}) {
  const response = await fetch(url, { headers: { Accept: 'application/json', ...operator.headers(), ...headers } });
  return body(response);
}

export async function postJson(url, payload, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...operator.headers(), ...headers },
    body: JSON.stringify(payload),
  });
  return body(response);
}

/** A file the services make (a CSV export), fetched with the operator's token and saved under {@code name}. */
export async function download(url, name) {
  const response = await fetch(url, { headers: { Accept: 'text/csv', ...operator.headers() } });
  if (!response.ok) return body(response);
  const link = h('a', { href: URL.createObjectURL(await response.blob()), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

/** Called when the services refuse the token (it was removed or rotated): the console asks for one again. */
let onRefused = () => {};
export function whenRefused(handler) { onRefused = handler; }

async function body(response) {
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : null;
  if (response.status === 401) onRefused();
  if (!response.ok) throw new Problem(response.status, parsed);
  return parsed;
}

// ISO 4217 exponents, from the JDK's currency data on the server (one source of truth).
let exponents = {};
export async function loadCurrencies() {
  exponents = await getJson('/console/api/currencies');
}

/**
 * Minor units as money: 123456 EUR → "1,234.56 EUR". Integer arithmetic on the digits only (BigInt),
 * never floating point, so no amount is ever shown rounded.
 */
export function money(minor, currency) {
  if (minor === null || minor === undefined) return '—';
  const exponent = exponents[currency] ?? 2;
  const negative = BigInt(minor) < 0n;
  const digits = (negative ? -BigInt(minor) : BigInt(minor)).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = exponent > 0 ? '.' + digits.slice(digits.length - exponent) : '';
  return `${negative ? '−' : ''}${whole}${fraction}${currency ? ' ' + currency : ''}`;
}

export function count(value) {
  return value === null || value === undefined ? '—' : Math.round(Number(value)).toLocaleString('en-US');
}

/** A ratio (0..1, as the summary gives it, a decimal string or number) as a percentage. */
export function percent(ratio) {
  return ratio === null || ratio === undefined ? '—' : (Number(ratio) * 100).toFixed(2) + ' %';
}

/** Times in UTC, the zone settlement reports and providers use, to the second. */
export function time(iso) {
  if (!iso) return '—';
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}

export function typeName(type) {
  return type ? type.toLowerCase().replaceAll('_', ' ') : '';
}

export function badge(status) {
  return h('span', { class: `badge ${status}`, 'data-status': status }, status);
}

const BANK_LEG = ['PAYOUT_NOT_RECEIVED', 'BANK_AMOUNT_MISMATCH', 'UNEXPECTED_PAYOUT_CREDIT'];

/** The payment a discrepancy is about; a break of a whole batch, or of the bank leg, has none. */
export function paymentLink(paymentId, type) {
  if (paymentId) {
    return h('a', { href: `/console/payments/${encodeURIComponent(paymentId)}`, class: 'mono' }, paymentId);
  }
  return BANK_LEG.includes(type)
    ? h('a', { href: '/console/payouts', class: 'muted' }, 'payout vs bank')
    : h('span', { class: 'muted' }, 'whole batch');
}

export function discrepancyLink(id) {
  return h('a', { href: `/console/discrepancies/${encodeURIComponent(id)}`, class: 'mono' }, id);
}

/** A table: headings (text, or {text, class}), then its rows, or a tbody to be filled later. */
export function table(headings, rows, attributes = {}) {
  return h('table', attributes,
    h('thead', {}, h('tr', {}, headings.map((heading) =>
      typeof heading === 'string' ? h('th', {}, heading) : h('th', { class: heading.class }, heading.text)))),
    rows instanceof HTMLTableSectionElement ? rows : h('tbody', {}, rows));
}

/** A term and its value, in a {@code dl.facts}. */
export function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}

export function panel(title, ...children) {
  return h('section', { class: 'panel' }, h('h2', {}, title), ...children);
}

export function failure(error) {
  return h('p', { class: 'message error', role: 'alert' }, error.message);
}

// The operator's token lives for this browser session only (sessionStorage), never on disk.
const TOKEN = 'payhook.operator.token';
const NAME = 'payhook.operator.name';
const ACCOUNT = 'payhook.operator.account';
export const operator = {
  token: () => sessionStorage.getItem(TOKEN),
  name: () => sessionStorage.getItem(NAME),
  signIn(token, name) { sessionStorage.setItem(TOKEN, token); sessionStorage.setItem(NAME, name); },
  signOut() { sessionStorage.removeItem(TOKEN); sessionStorage.removeItem(NAME); sessionStorage.removeItem(ACCOUNT); },
  headers() { const token = this.token(); return token ? { Authorization: `Bearer ${token}` } : {}; },
  /** The merchant account the console shows (the selector), or '' for every account the operator may see. */
  account: () => sessionStorage.getItem(ACCOUNT) ?? '',
  chooseAccount(account) { if (account) sessionStorage.setItem(ACCOUNT, account); else sessionStorage.removeItem(ACCOUNT); },
};

/** A service URL with the chosen account as its {@code account} parameter; the services filter by it. */
export function inAccount(url) {
  const account = operator.account();
  if (!account) return url;
  return `${url}${url.includes('?') ? '&' : '?'}account=${encodeURIComponent(account)}`;
}
