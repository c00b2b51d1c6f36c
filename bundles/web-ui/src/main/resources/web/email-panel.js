// <workestra-email-panel module="crm|support|recruiting" object-type="contact|deal|ticket|candidate" object-id="…"
//   address="…">: the record's threads in a region named Email, Compose prefilled with the record's address,
//   and on tickets a Reply that answers from the support intake mailbox.
import { Api, Poller, h, uid, when, words } from './api.js';
import { ownerWords, replyCompose, showTeammateThread, showThread } from './thread.js';
import './compose.js';

const PATHS = {
  'crm/contact': (id) => `/crm/contacts/${id}/threads`,
  'crm/deal': (id) => `/crm/deals/${id}/threads`,
  'support/ticket': (id) => `/support/tickets/${id}/threads`,
  'recruiting/candidate': (id) => `/recruiting/candidates/${id}/threads`,
};

class WorkestraEmailPanel extends HTMLElement {
  connectedCallback() {
    if (this.ready) return;
    this.ready = true;
    this.api = new Api(this);
    this.module = this.getAttribute('module');
    this.type = this.getAttribute('object-type');
    this.objectId = this.getAttribute('object-id');
    this.render();
    this.poller = new Poller(() => this.load(), { fast: 15000, slow: 15000, max: 120000 });
    this.poller.start();
  }

  disconnectedCallback() {
    if (this.poller) this.poller.stop();
    this.ready = false;
    this.replaceChildren();
  }

  render() {
    const headingId = uid('panel');
    const ticket = this.type === 'ticket';
    this.list = h('ul', { class: 'we-threads', 'aria-label': 'Threads' });
    this.status = h('p', { role: 'status', class: 'we-muted' });
    this.notice = h('p', { role: 'status', class: 'we-ok' });
    this.composeArea = h('div', { class: 'we-compose-slot' });
    this.reader = h('div', { class: 'we-reader' });
    this.replaceChildren(h('section', { class: 'we-panel', 'aria-labelledby': headingId },
      h('div', { class: 'we-panel-head' }, h('h2', { id: headingId }, 'Email'),
        h('button', { type: 'button', class: 'we-button we-primary', onclick: () => this.compose(false) }, 'Compose'),
        ticket ? h('button', { type: 'button', class: 'we-button', onclick: () => this.compose(true) }, 'Reply') : null),
      this.notice, this.composeArea, this.status, this.list, this.reader));
  }

  links() {
    return JSON.stringify([{ module: this.module, objectType: this.type, objectId: this.objectId }]);
  }

  compose(ticketReply) {
    const attrs = { cancelable: true, links: this.links() };
    if (this.getAttribute('base-url')) attrs['base-url'] = this.getAttribute('base-url');
    if (ticketReply) {
      attrs['ticket-id'] = this.objectId;
      attrs.heading = 'Reply to the ticket';
      attrs.subject = this.lastSubject ? (this.lastSubject.startsWith('Re:') ? this.lastSubject : `Re: ${this.lastSubject}`) : '';
    } else if (this.getAttribute('address')) {
      attrs.to = this.getAttribute('address');
    }
    const c = h('workestra-compose', attrs);
    c.addEventListener('workestra-cancel', () => c.remove());
    c.addEventListener('workestra-sent', (ev) => this.sent(c, ev));
    this.notice.textContent = '';
    this.composeArea.replaceChildren(c);
    const field = c.querySelector(ticketReply ? 'textarea' : 'input[name=subject]');
    if (field) field.focus();
  }

  async load() {
    const path = PATHS[`${this.module}/${this.type}`];
    if (!path) {
      this.status.textContent = 'This record type has no email panel.';
      return false;
    }
    let page;
    try {
      page = await this.api.get(path(encodeURIComponent(this.objectId)));
    } catch (e) {
      this.status.textContent = words(e.code, e.message);
      throw e;
    }
    if (this.list.contains(document.activeElement)) return false;
    const own = page.items.find((t) => !t.access || t.access === 'owner');
    this.lastSubject = own ? own.subject : null;
    const base = path(encodeURIComponent(this.objectId));
    this.list.replaceChildren(...page.items.map((t) => h('li', {}, h('button', { type: 'button', class: 'we-item',
      onclick: () => (t.access && t.access !== 'owner'
        ? showTeammateThread(this.api, this.reader, `${base}/${encodeURIComponent(t.id)}`)
        : showThread(this.api, this.reader, t.id, {
          compose: (kind, m) => this.reply(kind, m), onSlot: (slot) => { this.threadSlot = slot; },
        })) },
    h('span', { class: 'we-item-subject' }, t.subject || (t.access === 'metadata' ? '(subject not shared)' : '(no subject)')),
    ownerWords(t) ? h('span', { class: 'we-item-owner we-muted' }, ownerWords(t)) : null,
    h('span', { class: 'we-item-time' }, when(t.lastMessageAt)),
    h('span', { class: 'we-item-snippet' }, `${(t.participants || []).join(', ')} · ${t.messageCount} message${t.messageCount === 1 ? '' : 's'}`
      + `${t.opens ? ` · opened ${t.opens}×` : ''}${t.deliveryStatus ? ` · ${t.deliveryStatus}` : ''}`)))));
    this.status.textContent = page.items.length ? '' : 'No email with this record yet.';
    return false;
  }

  /** A send from the panel: the form closes, the panel says so and shows the thread as soon as it is there. */
  sent(compose, ev) {
    compose.remove();
    this.notice.textContent = ev.detail && ev.detail.status === 'scheduled' ? 'Scheduled.' : 'Sent.';
    this.poller.now();
  }

  reply(kind, m) {
    if (!this.threadSlot) return;
    const c = replyCompose(kind, m, this.getAttribute('base-url'));
    c.setAttribute('links', this.links());
    c.addEventListener('workestra-cancel', () => c.remove());
    c.addEventListener('workestra-sent', (ev) => this.sent(c, ev));
    this.notice.textContent = '';
    this.threadSlot.replaceChildren(c);
  }
}

if (!customElements.get('workestra-email-panel')) customElements.define('workestra-email-panel', WorkestraEmailPanel);
