// <workestra-inbox>: the unified Inbox with chips, search, account filter, the thread view and Compose.
import { Api, Poller, h, person, uid, when, words } from './api.js';
import { replyCompose, showThread } from './thread.js';
import './compose.js';

const CHIPS = [['all', 'All'], ['unread', 'Unread'], ['emails', 'Emails'], ['mentions', 'Mentions'],
  ['assigned', 'Assigned'], ['module:crm', 'CRM'], ['module:support', 'Support'], ['module:recruiting', 'Recruiting']];

class WorkestraInbox extends HTMLElement {
  connectedCallback() {
    if (this.ready) return;
    this.ready = true;
    this.api = new Api(this);
    this.tab = 'all';
    this.q = '';
    this.account = '';
    this.render();
    this.poller = new Poller(() => this.load(false), { fast: 15000, slow: 15000, max: 120000 });
    this.poller.start();
  }

  disconnectedCallback() {
    if (this.poller) this.poller.stop();
    this.ready = false;
    this.replaceChildren();
  }

  render() {
    this.chips = CHIPS.map(([value, label]) => h('button', { type: 'button', class: 'we-chip',
      'aria-pressed': String(value === this.tab), onclick: () => this.choose(value) }, label));
    const searchId = uid('search');
    this.search = h('input', { type: 'search', id: searchId, 'aria-label': 'Search', placeholder: 'Search mail' });
    const accountId = uid('account');
    this.accountSelect = h('select', { id: accountId, onchange: () => { this.account = this.accountSelect.value; this.load(true); } },
      h('option', { value: '' }, 'All accounts'));
    this.accountField = h('div', { class: 'we-field we-inline', hidden: true }, h('label', { for: accountId }, 'Account'),
      this.accountSelect);
    this.list = h('ul', { class: 'we-items', 'aria-label': 'Messages' });
    this.more = h('button', { type: 'button', class: 'we-button', hidden: true, onclick: () => this.load(true, true) }, 'Load more');
    this.status = h('p', { role: 'status', class: 'we-muted' });
    this.reader = h('div', { class: 'we-reader' });
    this.composeSlot = h('div', { class: 'we-compose-slot' });
    this.replaceChildren(
      h('div', { class: 'we-toolbar' },
        h('div', { class: 'we-chips', role: 'group', 'aria-label': 'Filter' }, this.chips),
        h('form', { role: 'search', class: 'we-search', onsubmit: (ev) => {
          ev.preventDefault();
          this.q = this.search.value.trim();
          this.load(true);
        } }, this.search, h('button', { type: 'submit', class: 'we-button' }, 'Search mail')),
        this.accountField,
        h('button', { type: 'button', class: 'we-button we-primary', onclick: () => this.compose() }, 'Compose')),
      this.composeSlot,
      h('div', { class: 'we-inbox' }, h('div', { class: 'we-list' }, this.status, this.list, this.more), this.reader));
    this.loadAccounts();
  }

  async loadAccounts() {
    try {
      const all = await this.api.get('/connections');
      for (const c of all) this.accountSelect.append(h('option', { value: c.id }, c.address));
    } catch (e) { /* the filter stays with All accounts */ }
  }

  choose(value) {
    this.tab = value;
    this.chips.forEach((c, i) => c.setAttribute('aria-pressed', String(CHIPS[i][0] === value)));
    this.accountField.hidden = value !== 'emails';
    if (value !== 'emails') this.account = '';
    this.load(true);
  }

  /** Loads the first page (fresh) or the next one (more); a poll refreshes the first page quietly. */
  async load(fresh, more) {
    const params = new URLSearchParams({ tab: this.tab, limit: '30' });
    if (this.q) params.set('q', this.q);
    if (this.account && this.tab === 'emails') params.set('connection', this.account);
    if (more && this.cursor) params.set('cursor', this.cursor);
    let page;
    try {
      page = await this.api.get(`/inbox?${params}`);
    } catch (e) {
      this.status.textContent = words(e.code, e.message);
      throw e;
    }
    if (!more && !fresh && this.list.contains(document.activeElement)) return false; // don't move focus under the person
    if (!more) this.list.replaceChildren();
    for (const item of page.items) this.list.append(this.row(item));
    this.cursor = page.nextCursor;
    this.more.hidden = !page.nextCursor;
    const n = this.list.children.length;
    this.status.textContent = n ? `${n} message${n === 1 ? '' : 's'}${this.q ? ` matching “${this.q}”` : ''}`
      : this.q ? `Nothing matches “${this.q}”.` : 'Nothing here yet.';
    return false;
  }

  row(item) {
    const from = person(item.from);
    const open = () => {
      if (item.type !== 'email') return;
      this.current = item;
      showThread(this.api, this.reader, item.threadId || item.id, {
        compose: (kind, m) => this.reply(kind, m), onChange: () => this.load(false),
        onSlot: (slot) => { this.threadCompose = slot; },
      });
    };
    const button = h('button', { type: 'button', class: `we-item${item.unread ? ' we-unread' : ''}`, onclick: open },
      item.unread ? h('span', { class: 'we-dot' }, h('span', { class: 'we-sr' }, 'Unread')) : null,
      h('span', { class: 'we-item-from' }, from || item.title || ''),
      h('span', { class: 'we-item-time' }, when(item.receivedAt)),
      h('span', { class: 'we-item-subject' }, item.subject || item.title || '(no subject)'),
      h('span', { class: 'we-item-snippet' }, item.snippet || item.body || ''));
    return h('li', {}, button);
  }

  reply(kind, m) {
    if (!this.threadCompose) return;
    const c = replyCompose(kind, m, this.getAttribute('base-url'));
    c.addEventListener('workestra-cancel', () => c.remove());
    c.addEventListener('workestra-sent', () => { this.load(false); });
    this.threadCompose.replaceChildren(c);
    const first = c.querySelector('textarea');
    if (first) first.focus();
  }

  compose() {
    const c = h('workestra-compose', { cancelable: true });
    if (this.getAttribute('base-url')) c.setAttribute('base-url', this.getAttribute('base-url'));
    c.addEventListener('workestra-cancel', () => c.remove());
    c.addEventListener('workestra-sent', () => this.load(false));
    this.composeSlot.replaceChildren(c);
    const from = c.querySelector('select');
    if (from) from.focus();
  }
}

if (!customElements.get('workestra-inbox')) customElements.define('workestra-inbox', WorkestraInbox);
