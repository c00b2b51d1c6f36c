// <workestra-workspace-email>: Workspace Email settings for admins: the Resend API key (write-only), the sender's
// name and address, the rate limit, and the sending domains with their DNS records, status and Verify.
import { Api, h, uid, words } from './api.js';

class WorkestraWorkspaceEmail extends HTMLElement {
  connectedCallback() {
    if (this.ready) return;
    this.ready = true;
    this.api = new Api(this);
    this.fields = {};
    this.render();
    this.load();
  }

  disconnectedCallback() {
    this.ready = false;
    this.replaceChildren();
  }

  field(form, name, label, attrs) {
    const id = uid(`ws-${name}`);
    const err = uid('err');
    const input = h('input', { id, name, 'aria-describedby': err, ...attrs });
    const error = h('p', { class: 'we-field-error', id: err, hidden: true });
    (this.fields[form] ||= {})[name] = { input, error };
    return h('div', { class: 'we-field' }, h('label', { for: id }, label), input, error);
  }

  render() {
    const senderId = uid('ws-sender');
    const domainsId = uid('ws-domains');
    this.keyHint = h('p', { class: 'we-muted' });
    this.senderStatus = h('p', { role: 'status' });
    this.sender = h('form', { class: 'we-card', 'aria-labelledby': senderId, novalidate: true,
      onsubmit: (ev) => { ev.preventDefault(); this.save(); } },
    h('h2', { id: senderId }, 'Sender'),
    this.field('sender', 'apiKey', 'Resend API key', { type: 'password', autocomplete: 'off' }), this.keyHint,
    this.field('sender', 'fromName', 'Sender name', { type: 'text' }),
    this.field('sender', 'fromAddress', 'Sender address', { type: 'email' }),
    this.field('sender', 'rateLimitPerSecond', 'Rate limit (sends per second)', { type: 'number', min: '1', step: '1' }),
    h('div', { class: 'we-row' }, h('button', { type: 'submit', class: 'we-button we-primary' }, 'Save')),
    this.senderStatus);
    this.domainList = h('ul', { class: 'we-domains', 'aria-label': 'Domains' });
    this.domainStatus = h('p', { role: 'status' });
    this.domainForm = h('form', { class: 'we-row', novalidate: true, onsubmit: (ev) => { ev.preventDefault(); this.addDomain(); } },
      this.field('domain', 'name', 'Domain', { type: 'text', placeholder: 'mail.example.com' }),
      h('button', { type: 'submit', class: 'we-button' }, 'Add domain'));
    this.replaceChildren(this.sender, h('section', { class: 'we-card', 'aria-labelledby': domainsId },
      h('h2', { id: domainsId }, 'Domains'), this.domainForm, this.domainStatus, this.domainList));
  }

  showErrors(form, e) {
    const f = e.details && e.details.field && this.fields[form][e.details.field];
    if (f) {
      f.error.textContent = e.message;
      f.error.hidden = false;
      f.input.setAttribute('aria-invalid', 'true');
      f.input.focus();
      return true;
    }
    return false;
  }

  clear(form) {
    for (const f of Object.values(this.fields[form])) {
      f.error.hidden = true;
      f.input.removeAttribute('aria-invalid');
    }
  }

  async load() {
    try {
      const s = await this.api.get('/workspace/sender');
      const f = this.fields.sender;
      f.fromName.input.value = s.fromName || '';
      f.fromAddress.input.value = s.fromAddress || '';
      f.rateLimitPerSecond.input.value = s.rateLimitPerSecond ?? '';
      this.keyHint.textContent = s.apiKeySet ? 'A key is stored. Type a new one to replace it.' : 'No key stored yet.';
    } catch (e) {
      this.senderStatus.textContent = e.code === 'admin_required'
        ? 'Only a workspace admin can change Workspace Email.' : words(e.code, e.message);
      return;
    }
    await this.loadDomains();
  }

  async save() {
    this.clear('sender');
    const f = this.fields.sender;
    const body = { fromName: f.fromName.input.value.trim(), fromAddress: f.fromAddress.input.value.trim() };
    if (f.apiKey.input.value) body.apiKey = f.apiKey.input.value;
    if (f.rateLimitPerSecond.input.value) body.rateLimitPerSecond = Number(f.rateLimitPerSecond.input.value);
    try {
      await this.api.put('/workspace/sender', body);
      f.apiKey.input.value = '';
      this.senderStatus.textContent = 'Saved.';
      this.load();
    } catch (e) {
      this.senderStatus.textContent = this.showErrors('sender', e) ? '' : words(e.code, e.message);
    }
  }

  async addDomain() {
    this.clear('domain');
    const input = this.fields.domain.name.input;
    try {
      const created = await this.api.post('/workspace/domains', { name: input.value.trim() });
      input.value = '';
      this.domainList.prepend(this.domain(created));
      this.domainStatus.textContent = 'Domain added. Publish its DNS records, then choose Verify.';
    } catch (e) {
      this.domainStatus.textContent = this.showErrors('domain', e) ? '' : words(e.code, e.message);
    }
  }

  async loadDomains() {
    const list = await this.api.get('/workspace/domains');
    const items = list.map((d) => this.domain(d));
    this.domainList.replaceChildren(...items);
    // the DNS records come from Resend, which allows a few calls per second: one domain after the other
    for (let i = 0; i < list.length; i += 1) {
      try {
        const full = await this.api.get(`/workspace/domains/${encodeURIComponent(list[i].id)}`);
        if (items[i].isConnected) {
          const fresh = this.domain(full);
          items[i].replaceWith(fresh);
        }
      } catch (e) { /* the domain stays listed without its records */ }
    }
  }

  domain(d) {
    const status = h('p', { role: 'status' });
    const records = (d.records || []).map((r) => h('tr', {}, h('td', {}, r.type), h('td', {}, r.name),
      h('td', { class: 'we-value' }, r.value), h('td', {}, r.status || '')));
    const item = h('li', { class: 'we-domain' },
      h('h3', {}, d.name, ' ', h('span', { class: `we-badge ${d.status === 'verified' ? 'we-green' : d.status === 'failed' ? 'we-red' : 'we-amber'}` }, d.status)),
      records.length ? h('div', { class: 'we-table-wrap' }, h('table', {}, h('caption', {}, `DNS records for ${d.name}`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Name'),
          h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'Status'))), h('tbody', {}, records))) : null,
      h('button', { type: 'button', class: 'we-button', onclick: async () => {
        status.textContent = 'Checking the DNS records…';
        for (let attempt = 1; ; attempt += 1) {
          try {
            const v = await this.api.post(`/workspace/domains/${encodeURIComponent(d.id)}/verify`);
            const fresh = this.domain(v);
            item.replaceWith(fresh);
            this.domainStatus.textContent = `${v.name}: ${v.status}.`;
            return;
          } catch (e) {
            // Resend allows a few calls per second: wait a moment and ask again, as a person would
            if (e.code === 'rate_limited' && attempt < 4) {
              await new Promise((r) => { setTimeout(r, 1000 * attempt); });
            } else {
              status.textContent = words(e.code, e.message);
              return;
            }
          }
        }
      } }, 'Verify'), status);
    return item;
  }
}

if (!customElements.get('workestra-workspace-email')) customElements.define('workestra-workspace-email', WorkestraWorkspaceEmail);
