// <workestra-compose to cc subject reply-to forward-of from-connection links ticket-id heading cancelable>: a message from a connected account or the
// workspace address. Invalid input is shown at its field; nothing is sent until every field is right.
import { Api, h, idempotencyKey, uid, words } from './api.js';

const EMAIL = /^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$/;

/** Splits "a@x.com, B <b@y.org>" into addresses; returns null entries for invalid ones. */
function addresses(text) {
  return text.split(/[,;]/).map((s) => s.trim()).filter(Boolean).map((s) => {
    const m = s.match(/<([^>]+)>\s*$/);
    const a = (m ? m[1] : s).trim();
    return EMAIL.test(a) ? a : null;
  });
}

class WorkestraCompose extends HTMLElement {
  connectedCallback() {
    if (this.ready) return;
    this.ready = true;
    this.api = new Api(this);
    this.key = idempotencyKey();
    this.render();
    this.load();
  }

  disconnectedCallback() {
    this.ready = false;
    this.replaceChildren();
  }

  field(name, label, control, hint) {
    const id = uid(`compose-${name}`);
    const errId = uid('err');
    control.id = id;
    control.name = name;
    const error = h('p', { class: 'we-field-error', id: errId, hidden: true });
    control.setAttribute('aria-describedby', errId);
    this.fields[name] = { control, error };
    return h('div', { class: `we-field we-field-${name}` }, h('label', { for: id }, label), hint || null, control, error);
  }

  render() {
    this.fields = {};
    const ticket = this.getAttribute('ticket-id');
    this.from = h('select', {});
    this.sendLater = h('input', { type: 'checkbox', id: uid('later'), onchange: () => {
      this.fields.sendAt.control.closest('.we-field').hidden = !this.sendLater.checked;
    } });
    this.signature = h('select', {}, h('option', { value: '' }, 'No signature'));
    this.track = h('input', { type: 'checkbox', id: uid('track') });
    this.status = h('p', { role: 'status', class: 'we-ok' });
    const headingId = uid('compose-h');
    const sendAt = this.field('sendAt', 'Send at', h('input', { type: 'datetime-local' }));
    sendAt.hidden = true;
    this.form = h('form', { class: 'we-compose', 'aria-labelledby': headingId, novalidate: true,
      onsubmit: (ev) => { ev.preventDefault(); this.send(); } },
    h('h2', { id: headingId, class: 'we-compose-title' }, this.getAttribute('heading') || 'New message'),
    ticket ? h('p', { class: 'we-muted' }, 'From: the support mailbox that received the ticket.')
      : this.field('from', 'From', this.from),
    ticket ? null : this.field('to', 'To', h('input', { type: 'text', autocomplete: 'off', value: this.getAttribute('to') || '' })),
    this.field('cc', 'Cc', h('input', { type: 'text', autocomplete: 'off', value: this.getAttribute('cc') || '' })),
    this.field('bcc', 'Bcc', h('input', { type: 'text', autocomplete: 'off' })),
    this.field('subject', 'Subject', h('input', { type: 'text', value: this.getAttribute('subject') || '' })),
    this.field('text', 'Message', h('textarea', { rows: 8 })),
    this.field('signatureId', 'Signature', this.signature),
    h('div', { class: 'we-checks' },
      h('span', { class: 'we-check' }, this.track, h('label', { for: this.track.id }, 'Track opens')),
      h('span', { class: 'we-check' }, this.sendLater, h('label', { for: this.sendLater.id }, 'Send later'))),
    sendAt,
    h('div', { class: 'we-row' }, h('button', { type: 'submit', class: 'we-button we-primary' }, 'Send'),
      this.hasAttribute('cancelable') ? h('button', { type: 'button', class: 'we-button',
        onclick: () => this.dispatchEvent(new CustomEvent('workestra-cancel', { bubbles: true })) }, 'Cancel') : null),
    this.status);
    this.replaceChildren(this.form);
  }

  async load() {
    if (this.getAttribute('ticket-id')) {
      this.loadSignatures();
      return;
    }
    try {
      const senders = await this.api.get('/senders');
      this.options = senders.options || [];
      // a reply goes out from the mailbox that received the message; otherwise the last choice
      const own = this.getAttribute('from-connection');
      const last = own && this.options.some((o) => o.connectionId === own)
        ? { type: 'connection', connectionId: own } : senders.lastUsed || {};
      this.from.replaceChildren(...this.options.map((o, i) => h('option', {
        value: String(i),
        selected: o.type === last.type && (o.type === 'workspace' || o.connectionId === last.connectionId),
      }, `${o.displayName ? `${o.displayName} <${o.address}>` : o.address}${o.type === 'workspace' ? ' (workspace)' : ''}`)));
      if (!this.options.length) this.showError('from', 'Connect a mailbox or set up the workspace address to send mail.');
    } catch (e) {
      this.showError('from', words(e.code, e.message));
    }
    this.loadSignatures();
  }

  async loadSignatures() {
    try {
      const sigs = await this.api.get('/signatures');
      for (const s of (Array.isArray(sigs) ? sigs : sigs.items || [])) {
        this.signature.append(h('option', { value: s.id, selected: !!s.defaultForNew }, s.name));
      }
    } catch (e) { /* signatures are optional */ }
  }

  showError(name, text) {
    const f = this.fields[name] || this.fields.text;
    f.error.textContent = text;
    f.error.hidden = false;
    f.control.setAttribute('aria-invalid', 'true');
  }

  clearErrors() {
    for (const f of Object.values(this.fields)) {
      f.error.hidden = true;
      f.error.textContent = '';
      f.control.removeAttribute('aria-invalid');
    }
    this.status.textContent = '';
  }

  /** Checks every field; returns the message body or null (errors shown, first bad field focused). */
  collect() {
    const bad = [];
    const list = (name, required) => {
      if (!this.fields[name]) return [];
      const v = this.fields[name].control.value;
      const parsed = addresses(v);
      if (required && parsed.length === 0) bad.push([name, 'Add at least one recipient.']);
      else if (parsed.includes(null)) bad.push([name, `Use valid email addresses, separated by commas (for example ann@example.com).`]);
      return parsed.filter(Boolean);
    };
    const to = list('to', true);
    const cc = list('cc', false);
    const bcc = list('bcc', false);
    const subject = this.fields.subject.control.value.trim();
    if (!subject) bad.push(['subject', 'Add a subject.']);
    const text = this.fields.text.control.value;
    if (!text.trim()) bad.push(['text', 'Write a message.']);
    const ticket = this.getAttribute('ticket-id');
    const option = this.options && this.options[Number(this.from.value)];
    if (!option && !ticket) bad.push(['from', 'Choose who the message is from.']);
    let sendAt;
    if (this.sendLater.checked) {
      const v = this.fields.sendAt.control.value;
      const d = v ? new Date(v) : null;
      if (!d || Number.isNaN(d.getTime())) bad.push(['sendAt', 'Choose the date and time to send at.']);
      else if (d.getTime() < Date.now()) bad.push(['sendAt', 'Choose a time in the future.']);
      else sendAt = d.toISOString();
    }
    for (const [name, msg] of bad) this.showError(name, msg);
    if (bad.length) {
      this.fields[bad[0][0]].control.focus();
      return null;
    }
    const body = { cc, bcc, subject, text, trackOpens: this.track.checked };
    if (!ticket) {
      body.from = option.type === 'workspace' ? { type: 'workspace' } : { type: 'connection', connectionId: option.connectionId };
    }
    if (this.fields.to) body.to = to;
    if (sendAt) body.sendAt = sendAt;
    if (this.signature.value) body.signatureId = this.signature.value;
    const replyTo = this.getAttribute('reply-to');
    if (replyTo) body.replyToMessageId = replyTo;
    const forward = this.getAttribute('forward-of');
    if (forward) body.forwardMessageId = forward;
    const links = this.getAttribute('links');
    if (links) body.links = JSON.parse(links);
    return body;
  }

  async send() {
    this.clearErrors();
    const body = this.collect();
    if (!body) return;
    const ticket = this.getAttribute('ticket-id');
    const path = ticket ? `/support/tickets/${encodeURIComponent(ticket)}/reply` : '/messages';
    const button = this.form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const r = await this.api.post(path, body, { 'Idempotency-Key': this.key });
      this.key = idempotencyKey();
      this.status.textContent = r && r.status === 'scheduled' ? 'Scheduled.' : 'Sent.';
      for (const n of ['cc', 'bcc', 'text']) this.fields[n].control.value = '';
      if (this.fields.to && !this.getAttribute('to')) this.fields.to.control.value = '';
      this.dispatchEvent(new CustomEvent('workestra-sent', { bubbles: true, detail: r }));
    } catch (e) {
      const field = e.details && e.details.field;
      const name = { html: 'text', body: 'text', signatureId: 'signatureId' }[field] || field;
      if (name && this.fields[name]) {
        this.showError(name, e.message);
        this.fields[name].control.focus();
      } else {
        this.status.textContent = '';
        this.showError('text', `Not sent. ${words(e.code, e.message)}`);
      }
    } finally {
      button.disabled = false;
    }
  }
}

if (!customElements.get('workestra-compose')) customElements.define('workestra-compose', WorkestraCompose);
