// <workestra-connections provider="gmail|outlook|">: Settings > Integrations > Connected Accounts.
import { Api, ApiError, Poller, count, duration, h, trashIcon, uid, when, words } from './api.js';

const PROVIDERS = { gmail: 'Gmail', outlook: 'Outlook' };
const BADGES = {
  healthy: ['Healthy', 'green'], never_synced: ['Never synced', 'blue'], stale: ['Stale', 'amber'], error: ['Error', 'red'],
};
const RANGES = [['30d', '30 days'], ['90d', '90 days'], ['12m', '12 months'], ['all', 'Everything']];

/** Share with team: value, the choice as UI.md names it, what teammates then see. */
const SHARING = [
  ['everything', 'Everything', 'subject, people, body and attachment names'],
  ['subject', 'Subject only', 'subject, people and time'],
  ['metadata', 'Metadata only', 'people and time'],
  ['private', 'Private', 'nothing'],
];

class WorkestraConnections extends HTMLElement {
  connectedCallback() {
    if (this.ready) return;
    this.ready = true;
    this.api = new Api(this);
    this.provider = this.getAttribute('provider') || '';
    this.cards = new Map();
    this.render();
    this.readOutcome();
    this.poller = new Poller(() => this.refresh(), { fast: 1500, slow: 10000 });
    this.poller.start();
  }

  disconnectedCallback() {
    if (this.poller) this.poller.stop();
    this.ready = false;
    this.replaceChildren();
  }

  render() {
    const providers = this.provider ? [this.provider] : Object.keys(PROVIDERS);
    this.addAnother = h('button', { type: 'button', class: 'we-button', hidden: true,
      onclick: () => this.connect(this.provider, true) }, 'Add another account');
    this.toolbar = h('div', { class: 'we-toolbar' },
      providers.map((p) => h('button', { type: 'button', class: 'we-button we-primary',
        onclick: () => this.connect(p, false) }, `Connect ${PROVIDERS[p]}`)),
      this.provider ? this.addAnother : null);
    this.notice = h('div', { class: 'we-notice' });
    this.question = h('div', { class: 'we-question-slot' });
    this.list = h('ul', { class: 'we-cards', 'aria-label': 'Connected accounts' });
    this.empty = h('p', { class: 'we-empty', hidden: true }, 'No account connected yet.');
    this.dialog = this.makeDialog();
    this.replaceChildren(this.toolbar, this.notice, this.question, this.empty, this.list, this.dialog);
  }

  say(text, error) {
    this.notice.replaceChildren(h('p', { role: error ? 'alert' : 'status', class: error ? 'we-error' : 'we-ok' }, text));
  }

  async connect(provider, addAnother) {
    try {
      const start = await this.api.post(`/connections/${provider}/authorize`,
        { addAnother, redirectAfter: window.location.pathname });
      window.location.assign(start.authorizationUrl);
    } catch (e) {
      this.say(words(e.code, e.message), true);
    }
  }

  /** The callback's outcome (?connection&status or ?error), shown once; then the range question. */
  async readOutcome() {
    const q = new URLSearchParams(window.location.search);
    const error = q.get('error');
    const id = q.get('connection');
    const status = q.get('status');
    if (!error && !id) return;
    window.history.replaceState(null, '', window.location.pathname);
    if (error) {
      this.say(`The account was not connected. ${words(error)}`, true);
      return;
    }
    try {
      const c = await this.api.get(`/connections/${encodeURIComponent(id)}`);
      this.say(status === 'reconnected' ? `Reconnected ${c.address}. Its synced mail is kept.` : `Connected ${c.address}.`);
      if (status !== 'reconnected') this.askRange(c);
    } catch (e) {
      this.say(words(e.code, e.message), true);
    }
  }

  async askRange(c) {
    const legendId = uid('range');
    const name = uid('range-choice');
    const options = RANGES.map(([value, label], i) => {
      const id = uid('range-opt');
      const estimate = h('span', { class: 'we-estimate' }, ' · counting…');
      const input = h('input', { type: 'radio', id, name, value, checked: i === 0 });
      return { value, estimate, row: h('div', { class: 'we-radio' }, input,
        h('label', { for: id }, h('span', { class: 'we-range-name' }, label), estimate)) };
    });
    const result = h('p', { class: 'we-field-error', role: 'alert' });
    const form = h('form', { class: 'we-question', 'aria-labelledby': legendId, onsubmit: async (ev) => {
      ev.preventDefault();
      const range = form.querySelector('input:checked').value;
      try {
        await this.api.post(`/connections/${c.id}/backfill`, { range });
        this.question.replaceChildren();
        this.say(`Pulling older mail of ${c.address}. You can leave this page; it continues.`);
        this.poller.now();
      } catch (e) {
        result.textContent = words(e.code, e.message);
      }
    } },
    h('fieldset', {}, h('legend', { id: legendId }, `How far back should we pull mail for ${c.address}?`),
      options.map((o) => o.row)),
    result,
    h('div', { class: 'we-row' }, h('button', { type: 'submit', class: 'we-button we-primary' }, 'Start'),
      h('button', { type: 'button', class: 'we-button', onclick: () => this.question.replaceChildren() }, 'Not now')));
    this.question.replaceChildren(form);
    form.querySelector('input').focus();
    await Promise.all(options.map(async (o) => {
      try {
        const p = await this.api.get(`/connections/${c.id}/backfill/preview?range=${o.value}`);
        o.estimate.textContent = ` · ${count(p.estimatedMessages)} messages, ${duration(p.estimatedSeconds)}`;
      } catch (e) {
        o.estimate.textContent = ' · no estimate';
      }
    }));
  }

  async refresh() {
    const all = await this.api.get(`/connections${this.provider ? `?provider=${this.provider}` : ''}`);
    const seen = new Set();
    for (const c of all) {
      seen.add(c.id);
      let card = this.cards.get(c.id);
      if (!card) {
        card = this.makeCard(c);
        this.cards.set(c.id, card);
        this.list.append(card.root);
      }
      this.updateCard(card, c);
    }
    for (const [id, card] of this.cards) {
      if (!seen.has(id)) { card.root.remove(); this.cards.delete(id); }
    }
    this.empty.hidden = all.length > 0;
    this.addAnother.hidden = all.length === 0;
    return all.some((c) => (c.backfill && c.backfill.state === 'running') || c.health.badge === 'never_synced');
  }

  makeCard(c) {
    const titleId = uid('conn');
    const card = { c };
    card.badge = h('span', { class: 'we-badge' });
    card.problem = h('p', { class: 'we-problem', hidden: true });
    card.meta = h('p', { class: 'we-meta' });
    card.bar = h('div', { role: 'progressbar', class: 'we-bar', 'aria-valuemin': '0', 'aria-valuemax': '100',
      'aria-label': `Backfill of ${c.address}` }, h('div', { class: 'we-bar-fill' }));
    card.barText = h('p', { class: 'we-bar-text' });
    card.pause = h('button', { type: 'button', class: 'we-button', onclick: () => this.move(card, 'pause') }, 'Pause');
    card.resume = h('button', { type: 'button', class: 'we-button', onclick: () => this.move(card, 'resume') }, 'Resume');
    card.cancel = h('button', { type: 'button', class: 'we-button', onclick: () => this.move(card, 'cancel') }, 'Cancel');
    card.backfill = h('div', { class: 'we-backfill', hidden: true }, card.bar, card.barText,
      h('div', { class: 'we-row' }, card.pause, card.resume, card.cancel));
    card.syncResult = h('span', { class: 'we-sync-result', role: 'status' });
    card.sync = h('button', { type: 'button', class: 'we-button', onclick: () => this.syncNow(card) }, 'Sync now');
    const shared = c.provider === 'outlook' && c.kind === 'personal' ? this.sharedForm(c) : null;
    const shareId = uid('share');
    card.shareResult = h('span', { class: 'we-sync-result', role: 'status' });
    card.share = h('select', { id: shareId, class: 'we-select', onchange: () => this.share(card) },
      ...SHARING.map(([value, label]) => h('option', { value }, label)));
    const sharing = h('div', { class: 'we-row we-share' },
      h('label', { for: shareId }, 'Share with team'), card.share, card.shareResult);
    const kind = c.kind === 'shared' ? ' · shared mailbox' : '';
    card.root = h('li', { class: 'we-card' }, h('article', { 'aria-labelledby': titleId },
      h('div', { class: 'we-card-head' },
        h('span', { class: 'we-provider' }, `${PROVIDERS[c.provider] || c.provider}${kind}`),
        h('h3', { id: titleId, class: 'we-address' }, c.address),
        card.badge,
        h('button', { type: 'button', class: 'we-icon', 'aria-label': `Disconnect ${c.address}`, title: `Disconnect ${c.address}`,
          onclick: () => this.confirmDisconnect(card) }, trashIcon())),
      card.problem, card.meta, card.backfill,
      h('div', { class: 'we-row' }, card.sync, card.syncResult),
      sharing,
      shared));
    return card;
  }

  updateCard(card, c) {
    card.c = c;
    if (document.activeElement !== card.share && c.visibility) card.share.value = c.visibility;
    const [label, colour] = BADGES[c.health.badge] || [c.health.badge, 'blue'];
    card.badge.textContent = label;
    card.badge.className = `we-badge we-${colour}`;
    const problem = c.health.badge === 'error' || c.health.message
      ? words(c.health.code, c.health.message) : '';
    card.problem.textContent = problem;
    card.problem.hidden = !problem;
    card.problem.className = c.health.badge === 'error' ? 'we-problem' : 'we-note';
    const last = c.health.lastSuccessfulSyncAt ? ` · last synced ${when(c.health.lastSuccessfulSyncAt)}` : '';
    card.meta.textContent = `${count(c.counts.messages)} messages · ${count(c.counts.unread)} unread${last}`;
    const b = c.backfill;
    const showBar = b && ['running', 'paused', 'completed', 'failed'].includes(b.state);
    card.backfill.hidden = !showBar;
    if (showBar) {
      const pct = b.state === 'completed' ? 100 : (b.percent ?? 0);
      card.bar.setAttribute('aria-valuenow', String(pct));
      card.bar.setAttribute('aria-valuetext', `${pct} percent`);
      card.bar.firstChild.style.width = `${pct}%`;
      const of = b.total ? ` of ${count(b.total)}` : '';
      const eta = b.state === 'running' && b.etaSeconds ? `, ${duration(b.etaSeconds)} left` : '';
      const state = { running: 'Pulling older mail', paused: 'Paused', completed: 'Older mail pulled', failed: 'Stopped by an error' }[b.state];
      card.barText.textContent = `${state}: ${pct} % · ${count(b.processed)}${of} messages${eta}`;
      const focused = [card.pause, card.resume, card.cancel].find((x) => x === document.activeElement);
      card.pause.hidden = b.state !== 'running';
      card.resume.hidden = b.state !== 'paused';
      card.cancel.hidden = !['running', 'paused'].includes(b.state);
      if (focused && focused.hidden) (card.pause.hidden ? (card.resume.hidden ? card.sync : card.resume) : card.pause).focus();
    }
  }

  /** What teammates see of this mailbox on contact, deal, ticket and candidate pages; applies at once. */
  async share(card) {
    const value = card.share.value;
    card.shareResult.textContent = 'Saving…';
    try {
      const c = await this.api.patch(`/connections/${card.c.id}`, { visibility: value });
      card.c = c;
      card.shareResult.textContent = `Teammates now see: ${SHARING.find(([v]) => v === value)[2]}.`;
      card.shareResult.className = 'we-sync-result we-ok';
    } catch (e) {
      card.shareResult.textContent = words(e.code, e.message);
      card.shareResult.className = 'we-sync-result we-error';
      if (card.c.visibility) card.share.value = card.c.visibility;
    }
  }

  async move(card, action) {
    try {
      await this.api.post(`/connections/${card.c.id}/backfill/${action}`);
      await this.poller.now();
    } catch (e) {
      card.barText.textContent = words(e.code, e.message);
    }
  }

  async syncNow(card) {
    card.sync.disabled = true;
    card.syncResult.textContent = 'Syncing…';
    try {
      const r = await this.api.post(`/connections/${card.c.id}/sync`);
      card.syncResult.textContent = r.status === 'ok'
        ? `Synced: ${count(r.fetched)} fetched, ${count(r.updated)} updated, ${count(r.deleted)} deleted`
        : `Sync failed. ${words(r.health && r.health.code, r.message)}`;
      card.syncResult.className = `we-sync-result ${r.status === 'ok' ? 'we-ok' : 'we-error'}`;
    } catch (e) {
      card.syncResult.textContent = `Sync failed. ${words(e.code, e.message)}`;
      card.syncResult.className = 'we-sync-result we-error';
    } finally {
      card.sync.disabled = false;
      this.poller.now();
    }
  }

  sharedForm(c) {
    const id = uid('shared');
    const input = h('input', { id, type: 'email', name: 'address', autocomplete: 'off' });
    const out = h('p', { role: 'status', class: 'we-field-error' });
    return h('form', { class: 'we-shared', onsubmit: async (ev) => {
      ev.preventDefault();
      out.textContent = '';
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.value.trim())) {
        out.textContent = 'Enter the shared mailbox\'s email address, for example team@example.com.';
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        return;
      }
      input.removeAttribute('aria-invalid');
      try {
        const s = await this.api.post(`/connections/${c.id}/shared-mailboxes`, { address: input.value.trim() });
        out.textContent = `Added ${s.address}.`;
        input.value = '';
        this.poller.now();
      } catch (e) {
        out.textContent = words(e.code, e.message);
      }
    } }, h('label', { for: id }, 'Shared mailbox address'), input,
    h('button', { type: 'submit', class: 'we-button' }, 'Add shared mailbox'), out);
  }

  makeDialog() {
    const title = uid('confirm');
    this.dialogTitle = h('h2', { id: title }, '');
    const dialog = h('dialog', { class: 'we-dialog', 'aria-labelledby': title },
      this.dialogTitle,
      h('p', {}, 'Syncing stops. The mail already synced stays in your Inbox.'),
      h('div', { class: 'we-row' },
        h('button', { type: 'button', class: 'we-button we-danger', onclick: () => this.disconnect() }, 'Disconnect'),
        // the safe choice has the focus: Enter on the trash icon and Enter again changes nothing
        h('button', { type: 'button', class: 'we-button', autofocus: true, onclick: () => dialog.close() }, 'Cancel')));
    return dialog;
  }

  confirmDisconnect(card) {
    this.pending = card;
    this.dialogTitle.textContent = `Disconnect ${card.c.address}?`;
    this.dialog.showModal();
  }

  async disconnect() {
    const card = this.pending;
    this.dialog.close();
    try {
      await this.api.del(`/connections/${card.c.id}`);
      this.say(`Disconnected ${card.c.address}. Its mail stays in your Inbox.`);
      card.root.remove();
      this.cards.delete(card.c.id);
      this.toolbar.querySelector('button').focus();
      this.poller.now();
    } catch (e) {
      this.say(words(e.code, e.message), true);
    }
  }
}

if (!customElements.get('workestra-connections')) customElements.define('workestra-connections', WorkestraConnections);
export { ApiError };
