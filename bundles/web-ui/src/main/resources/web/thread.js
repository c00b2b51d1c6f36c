// The thread view shared by the Inbox and the panels: sanitized bodies isolated in sandboxed frames.
import { h, person, size, uid, when, words } from './api.js';

/** The document a message frame shows: the server-sanitized HTML under a strict policy of its own. */
function frameDocument(m, showImages) {
  const policy = `default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data: cid:${showImages ? ' http: https:' : ''}`;
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = m.html != null ? m.html : `<pre>${esc(m.text || '')}</pre>`;
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${policy}">`
    + '<base target="_blank"><style>body{font-family:system-ui,sans-serif;margin:8px;color:#1b1f24;overflow-wrap:anywhere}'
    + 'img{max-width:100%;height:auto}pre{white-space:pre-wrap;font-family:inherit}</style></head>'
    + `<body>${body}</body></html>`;
}

/**
 * Renders a thread into `slot`; `compose(kind, message)` opens a reply, reply-all or forward; `onSlot(element)` gets
 * the place for that compose each time the thread is drawn.
 */
export async function showThread(api, slot, threadId, { compose, onChange, onSlot, showImages = false } = {}) {
  slot.replaceChildren(h('p', { role: 'status' }, 'Opening…'));
  let t;
  try {
    t = await api.get(`/threads/${encodeURIComponent(threadId)}${showImages ? '?images=show' : ''}`);
  } catch (e) {
    slot.replaceChildren(h('p', { role: 'alert', class: 'we-error' }, words(e.code, e.message)));
    return;
  }
  const titleId = uid('thread');
  const status = h('p', { role: 'status', class: 'we-ok' });
  const messages = t.messages.map((m) => {
    const from = person(m.from);
    const blocked = m.remoteImagesBlocked && !showImages;
    return h('section', { class: 'we-message', 'aria-label': `Message from ${from}` },
      h('p', { class: 'we-message-head' }, h('strong', {}, from), h('span', { class: 'we-muted' },
        ` to ${(m.to || []).map(person).join(', ')} · ${when(m.receivedAt)}`)),
      blocked ? h('p', { class: 'we-images' }, 'Remote images are hidden to protect your privacy. ',
        h('button', { type: 'button', class: 'we-button', onclick: () => showThread(api, slot, threadId,
          { compose, onChange, onSlot, showImages: true }) }, 'Show images')) : null,
      h('iframe', { class: 'we-body', sandbox: 'allow-popups allow-popups-to-escape-sandbox', title: `Message from ${from}`,
        srcdoc: frameDocument(m, showImages), referrerpolicy: 'no-referrer' }),
      m.attachments && m.attachments.length ? h('ul', { class: 'we-attachments', 'aria-label': 'Attachments' },
        m.attachments.map((a) => h('li', {}, `${a.filename || a.name || 'attachment'} (${size(a.sizeBytes ?? a.size)})`))) : null);
  });
  const last = t.messages[t.messages.length - 1];
  const actions = last ? h('div', { class: 'we-row we-thread-actions' },
    h('button', { type: 'button', class: 'we-button', onclick: () => compose('reply', last) }, 'Reply'),
    h('button', { type: 'button', class: 'we-button', onclick: () => compose('replyAll', last) }, 'Reply all'),
    h('button', { type: 'button', class: 'we-button', onclick: () => compose('forward', last) }, 'Forward'),
    h('button', { type: 'button', class: 'we-button', onclick: async () => {
      try {
        await api.post(`/messages/${encodeURIComponent(last.id)}/read`, { read: false });
        status.textContent = 'Marked as unread.';
        if (onChange) onChange();
      } catch (e) { status.textContent = words(e.code, e.message); }
    } }, 'Mark as unread')) : null;
  const composeSlot = h('div', { class: 'we-compose-slot' });
  const article = h('article', { class: 'we-thread', 'aria-labelledby': titleId, tabindex: '-1' },
    h('h2', { id: titleId }, t.subject || '(no subject)'), messages, actions, status, composeSlot);
  slot.replaceChildren(article);
  if (onSlot) onSlot(composeSlot);
  article.focus();
  // opening a thread reads it (two-way read state)
  const unread = t.messages.filter((m) => m.unread);
  if (unread.length && !showImages) {
    await Promise.allSettled(unread.map((m) => api.post(`/messages/${encodeURIComponent(m.id)}/read`, { read: true })));
    if (onChange) onChange();
  }
  return composeSlot;
}

/** A compose element for a reply, reply-all or forward of message m. */
export function replyCompose(kind, m, baseUrl) {
  const drafts = m.compose || {};
  const attrs = { cancelable: true };
  if (m.connectionId) attrs['from-connection'] = m.connectionId;
  if (baseUrl) attrs['base-url'] = baseUrl;
  if (kind === 'forward') {
    attrs.subject = (drafts.forward && drafts.forward.subject) || `Fwd: ${m.subject || ''}`;
    attrs['forward-of'] = m.id;
    attrs.heading = 'Forward';
  } else {
    const d = (kind === 'replyAll' ? drafts.replyAll : drafts.reply) || {};
    attrs.to = (d.to || [m.from]).filter(Boolean).map((a) => a.address || a).join(', ');
    if (d.cc && d.cc.length) attrs.cc = d.cc.map((a) => a.address || a).join(', ');
    attrs.subject = d.subject || `Re: ${m.subject || ''}`;
    attrs['reply-to'] = m.id;
    attrs.heading = kind === 'replyAll' ? 'Reply all' : 'Reply';
  }
  return h('workestra-compose', attrs);
}

const ACCESS = {
  everything: 'shared in full',
  subject: 'shared: subject, people and time',
  metadata: 'shared: people and time only',
};

/** Whose mailbox a panel thread is in, in words ("Ann's mailbox (ann@…), shared: subject, people and time"). */
export function ownerWords(t) {
  if (!t.owner || t.access === 'owner') return '';
  const who = t.owner.displayName ? `${t.owner.displayName} (${t.owner.address})` : t.owner.address;
  return `${t.owner.kind === 'shared' ? 'Shared mailbox' : 'Teammate\'s mailbox'} ${who}, ${ACCESS[t.access] || t.access}`;
}

/**
 * A teammate's thread opened from a panel (`path` is the panel's thread address): what its owner shares, read only;
 * bodies only when shared in full, in the same isolated frames.
 */
export async function showTeammateThread(api, slot, path) {
  slot.replaceChildren(h('p', { role: 'status' }, 'Opening…'));
  let v;
  try {
    v = await api.get(path);
  } catch (e) {
    slot.replaceChildren(h('p', { role: 'alert', class: 'we-error' }, words(e.code, e.message)));
    return;
  }
  const titleId = uid('thread');
  const messages = v.messages.map((m) => {
    const from = person(m.from);
    const body = m.html != null || m.text != null;
    return h('section', { class: 'we-message', 'aria-label': `Message from ${from}` },
      h('p', { class: 'we-message-head' }, h('strong', {}, from), h('span', { class: 'we-muted' },
        ` to ${(m.to || []).map(person).join(', ')} · ${when(m.receivedAt)}`)),
      m.subject ? h('p', {}, m.subject) : null,
      body ? h('iframe', { class: 'we-body', sandbox: 'allow-popups allow-popups-to-escape-sandbox',
        title: `Message from ${from}`, srcdoc: frameDocument(m, false), referrerpolicy: 'no-referrer' })
        : h('p', { class: 'we-muted' }, 'The owner does not share the text of this mailbox.'),
      m.attachments && m.attachments.length ? h('ul', { class: 'we-attachments', 'aria-label': 'Attachments' },
        m.attachments.map((a) => h('li', {}, `${a.filename || 'attachment'} (${size(a.sizeBytes)})`))) : null);
  });
  const article = h('article', { class: 'we-thread', 'aria-labelledby': titleId, tabindex: '-1' },
    h('h2', { id: titleId }, v.thread.subject || '(subject not shared)'),
    h('p', { class: 'we-muted' }, ownerWords(v.thread)), messages);
  slot.replaceChildren(article);
  article.focus();
}
