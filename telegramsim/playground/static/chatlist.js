// The sidebar's chat list and a forum's topic list.

import { el, icon, avatar, clock, preview } from './format.js';

const languages = { en: 'EN', 'zh-hans': '中文' };

function unreadBadge(n) {
  return n > 0 ? el('span', 'badge', n > 99 ? '99+' : String(n)) : null;
}

// lastLine is the preview of a chat's last message with who wrote it.
function lastLine(store, c, e) {
  if (!e) return c.type === 'private' ? (c.started ? '' : 'Has not started the bot yet') : `${c.members.length} members`;
  const m = e.message;
  let who = '';
  if (c.type === 'private') who = e.from_bot ? '' : 'You';
  else who = e.from_bot ? store.bot.name : store.nameOf(m.from && m.from.id, m.from && m.from.first_name).split(' ')[0];
  return { who, text: preview(m) };
}

function chatItem(store, c, current, onOpen) {
  const li = el('li', `chat-item${c.id === current ? ' active' : ''}`);
  li.dataset.chatId = c.id;
  li.tabIndex = 0;
  li.setAttribute('role', 'button');
  const pic = avatar(c.id, c.title);
  if (c.type !== 'private') pic.classList.add('group');
  const body = el('div', 'chat-body');
  const top = el('div', 'chat-top');
  const name = el('span', 'chat-name', c.title);
  top.append(name);
  if (c.type === 'private') {
    const role = store.roleOf(c.id);
    if (role) top.append(el('span', `role ${role}`, role));
    if (languages[c.language]) top.append(el('span', 'lang', languages[c.language]));
    if (c.botStatus === 'kicked') top.append(el('span', 'blocked', 'blocked bot'));
  } else {
    top.prepend(icon('pin'));
  }
  const e = store.last(c);
  top.append(el('span', 'chat-time', e ? clock(e.message.date) : ''));
  const bottom = el('div', 'chat-bottom');
  const line = lastLine(store, c, e);
  const text = el('span', 'chat-preview');
  if (typeof line === 'string') text.textContent = line;
  else {
    if (line.who) text.append(el('span', 'who', `${line.who}: `));
    text.append(line.text);
  }
  bottom.append(text);
  const badge = unreadBadge(c.unread);
  if (badge) bottom.append(badge);
  body.append(top, bottom);
  li.append(pic, body);
  li.addEventListener('click', () => onOpen(c.id));
  li.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') onOpen(c.id);
  });
  return li;
}

// renderChats redraws the chat list.
export function renderChats(list, store, current, onOpen) {
  list.replaceChildren(...store.ordered().map((c) => chatItem(store, c, current, onOpen)));
}

function topicIcon(t) {
  const i = el('span', 'topic-icon', Array.from(t.name || '#')[0].toUpperCase());
  i.style.backgroundColor = `#${(t.icon_color || 0x6fb9f0).toString(16).padStart(6, '0')}`;
  return i;
}

// renderTopics redraws a forum's topic list: General first, then the
// topics in creation order; closed ones carry a lock.
export function renderTopics(list, store, c, onPick) {
  const rows = [{ thread_id: 0, name: 'General' }, ...Array.from(c.topics.values()).filter((t) => !t.deleted)];
  list.replaceChildren(...rows.map((t) => {
    const li = el('li', `topic-item${c.ui.topic === t.thread_id ? ' active' : ''}${t.closed ? ' closed' : ''}`);
    li.dataset.thread = t.thread_id;
    li.tabIndex = 0;
    li.setAttribute('role', 'button');
    const pic = t.thread_id === 0 ? el('span', 'topic-icon general') : topicIcon(t);
    if (t.thread_id === 0) pic.append(icon('hash'));
    const body = el('div', 'chat-body');
    const top = el('div', 'chat-top');
    top.append(el('span', 'chat-name', t.name));
    if (t.closed) {
      const lock = icon('lock');
      lock.setAttribute('aria-label', 'closed');
      top.append(lock);
    }
    const e = store.last(c, t.thread_id);
    top.append(el('span', 'chat-time', e ? clock(e.message.date) : ''));
    const bottom = el('div', 'chat-bottom');
    bottom.append(el('span', 'chat-preview', e ? preview(e.message) : ''));
    const badge = unreadBadge(c.topicUnread.get(t.thread_id) || 0);
    if (badge) bottom.append(badge);
    body.append(top, bottom);
    li.append(pic, body);
    li.addEventListener('click', () => onPick(t.thread_id));
    li.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') onPick(t.thread_id);
    });
    return li;
  }));
}
