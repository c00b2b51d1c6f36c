// Shared by the elements: REST calls on the host's session, the error words, DOM helpers, polling with backoff.

/** A failed call, in the JSON error shape of API.md. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `The server answered ${status}.`);
    this.status = status;
    this.code = (body && body.error) || 'error';
    this.details = (body && body.details) || {};
  }
}

/** The REST API of API.md, called with the host's session cookie (same origin) or a given base URL. */
export class Api {
  constructor(element) {
    const base = element.getAttribute('base-url') || '';
    this.base = base.replace(/\/$/, '');
    this.credentials = base ? 'include' : 'same-origin';
  }

  async call(method, path, body, extraHeaders) {
    const { attempt, ...extra } = extraHeaders || {};
    const headers = { Accept: 'application/json', 'X-Workestra-CSRF': '1', ...extra };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetch(`${this.base}/email/v1${path}`, {
        method, headers, credentials: this.credentials,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, { error: 'network', message: 'The server cannot be reached. Check your connection.' });
    }
    // a provider limit met on the way (429 with a short Retry-After) is waited out a couple of times: nothing was done
    if (res.status === 429 && (extraHeaders || {}).attempt !== 'last') {
      const wait = Math.min(5, Number(res.headers.get('Retry-After')) || 1);
      await new Promise((r) => { setTimeout(r, wait * 1000); });
      const again = (extraHeaders || {}).attempt === 'second' ? 'last' : 'second';
      return this.call(method, path, body, { ...(extraHeaders || {}), attempt: again });
    }
    if (res.status === 204) return null;
    let json = null;
    try { json = await res.json(); } catch (e) { json = null; }
    if (!res.ok) throw new ApiError(res.status, json);
    return json;
  }

  get(path) { return this.call('GET', path); }
  post(path, body, headers) { return this.call('POST', path, body === undefined ? {} : body, headers); }
  put(path, body) { return this.call('PUT', path, body); }
  patch(path, body) { return this.call('PATCH', path, body); }
  del(path) { return this.call('DELETE', path); }
}

/** The error taxonomy in words a person understands, with what to do next (the product's troubleshooting table). */
const WORDS = {
  connection_failed: 'We could not reach the provider. Check the network, then try Sync now again.',
  token_expired: 'Access to this mailbox expired or was revoked. Reconnect the account to resume syncing.',
  permission_denied: 'The account did not grant access to mail. Reconnect and allow every permission asked.',
  admin_consent_required: 'Your organisation\'s administrator must approve Workestra first. Ask your Microsoft 365 admin to grant consent, then connect again.',
  rate_limited: 'The provider asked us to slow down. Syncing continues by itself in a few minutes.',
  provider_unavailable: 'The provider is temporarily unavailable. We retry by itself; you can also try Sync now later.',
  access_denied: 'The connection was cancelled at the provider. Connect again when you are ready.',
  invalid_state: 'The sign-in with the provider took too long or was already used. Start the connection again.',
  unauthorized: 'Your session ended. Sign in again.',
  forbidden: 'This action was refused. Reload the page and try again.',
  network: 'The server cannot be reached. Check your connection.',
};

/** Words for an error code (taxonomy first, then the server's own sentence). */
export function words(code, message) {
  return WORDS[code] || message || 'Something went wrong. Try again in a moment.';
}

/** Builds an element: h('button', {type: 'button', onclick}, 'Text', child). Text is never parsed as HTML. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

let ids = 0;
/** A unique id for label/aria wiring. */
export function uid(prefix) { ids += 1; return `we-${prefix}-${ids}`; }

/** "3 min ago", "Yesterday 14:02" and so on, short. */
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const now = new Date();
  if (d.toDateString() === now.toDateString()) return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return d.toLocaleDateString([], { month: 'short', day: 'numeric', year: d.getFullYear() === now.getFullYear() ? undefined : 'numeric' });
}

/** "about 2 min" from seconds. */
export function duration(seconds) {
  if (seconds === undefined || seconds === null) return '';
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min`;
  return `about ${(seconds / 3600).toFixed(1)} h`;
}

/** A number with thousands separators. */
export function count(n) { return Number(n || 0).toLocaleString('en-US'); }

/** File size in words. */
export function size(bytes) {
  if (bytes === undefined || bytes === null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** An address object or string as text. */
export function person(a) {
  if (!a) return '';
  if (typeof a === 'string') return a;
  return a.name ? `${a.name} <${a.address}>` : a.address;
}

/**
 * Polls with backoff: calls task every `fast` ms while it returns true ("something is moving"), every `slow` ms
 * otherwise, doubling the delay after failures up to `max`; paused while the page is hidden.
 */
export class Poller {
  constructor(task, { fast = 2000, slow = 15000, max = 60000 } = {}) {
    Object.assign(this, { task, fast, slow, max, failures: 0, timer: null, stopped: true });
    this.onVisible = () => { if (!document.hidden && !this.stopped) this.now(); };
  }
  start() {
    this.stopped = false;
    document.addEventListener('visibilitychange', this.onVisible);
    this.now();
  }
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    document.removeEventListener('visibilitychange', this.onVisible);
  }
  async now() {
    clearTimeout(this.timer);
    if (this.stopped) return;
    let busy = false;
    try {
      busy = await this.task();
      this.failures = 0;
    } catch (e) {
      this.failures += 1;
    }
    if (this.stopped || document.hidden) return;
    const delay = this.failures ? Math.min(this.max, this.slow * 2 ** (this.failures - 1)) : busy ? this.fast : this.slow;
    this.timer = setTimeout(() => this.now(), delay);
  }
}

/** A random idempotency key (works outside secure contexts too). */
export function idempotencyKey() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** The trash icon (decorative: the button carries the name). */
export function trashIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M9 3h6l1 2h4v2H4V5h4l1-2zm-3 6h12l-1 12H7L6 9zm4 2v8h2v-8h-2zm4 0v8h2v-8h-2z');
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}
