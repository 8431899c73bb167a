// Small DOM helpers and the rendering of Telegram's formatted text. Text
// from messages only ever reaches the page through textContent and
// attributes set with setAttribute: never as markup.

// el makes an element with a class and optional text.
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

// icon clones one of the page's SVG icons (templates in index.html).
export function icon(name) {
  const t = document.getElementById(`icon-${name}`);
  return t ? t.content.firstElementChild.cloneNode(true) : el('span');
}

// Telegram's seven peer colours, for names and avatars.
const peerColors = ['#e17076', '#faa774', '#a695e7', '#7bc862', '#6ec9cb', '#65aadd', '#ee7aae'];

export function peerColor(id) {
  return peerColors[Math.abs(Number(id)) % 7];
}

// avatar is a round badge with a person's or chat's initials.
export function avatar(id, name, small) {
  const a = el('div', small ? 'avatar small' : 'avatar');
  const words = String(name || '?').trim().split(/\s+/);
  const first = Array.from(words[0] || '?')[0] || '?';
  const second = words.length > 1 ? Array.from(words[words.length - 1])[0] || '' : '';
  a.textContent = (first + second).toUpperCase();
  a.style.backgroundColor = peerColor(id);
  return a;
}

export function clock(date) {
  return new Date(date * 1000).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
}

export function dayLabel(date) {
  const d = new Date(date * 1000);
  const today = new Date();
  if (d.toDateString() === today.toDateString()) return 'Today';
  const yesterday = new Date(today.getTime() - 86400000);
  if (d.toDateString() === yesterday.toDateString()) return 'Yesterday';
  const opts = { month: 'long', day: 'numeric' };
  if (d.getFullYear() !== today.getFullYear()) opts.year = 'numeric';
  return d.toLocaleDateString([], opts);
}

export function fileSize(n) {
  if (!n) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

// safeURL returns the link if it is one a browser may open from here.
export function safeURL(raw) {
  try {
    const u = new URL(raw);
    return ['http:', 'https:', 'mailto:'].includes(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

// entityNode makes the element of one entity; onCommand runs a clicked
// /command as Telegram does.
function entityNode(e, text, onCommand) {
  switch (e.type) {
    case 'bold': return el('strong');
    case 'italic': return el('em');
    case 'underline': return el('u');
    case 'strikethrough': return el('s');
    case 'spoiler': {
      const s = el('span', 'spoiler');
      s.title = 'Spoiler: click to show';
      s.addEventListener('click', () => s.classList.add('shown'), { once: true });
      return s;
    }
    case 'code': return el('code');
    case 'pre': {
      const pre = el('pre');
      if (e.language) pre.dataset.language = e.language;
      return pre;
    }
    case 'blockquote': return el('blockquote');
    case 'expandable_blockquote': return el('blockquote', 'expandable');
    case 'text_link':
    case 'url':
    case 'email': {
      let href = e.type === 'text_link' ? e.url : text;
      if (e.type === 'email') href = `mailto:${text}`;
      else if (e.type === 'url' && !/^[a-z]+:/i.test(href)) href = `http://${href}`;
      const url = safeURL(href);
      if (!url) return el('span', 'link');
      const a = el('a');
      a.setAttribute('href', url);
      a.setAttribute('target', '_blank');
      a.setAttribute('rel', 'noopener noreferrer');
      return a;
    }
    case 'bot_command': {
      const c = el('span', 'link command');
      c.title = 'Send this command';
      if (onCommand) c.addEventListener('click', () => onCommand(text));
      return c;
    }
    case 'mention':
    case 'text_mention':
    case 'hashtag':
    case 'cashtag':
    case 'phone_number':
      return el('span', 'link');
  }
  return el('span');
}

// formatted renders text with its entities (offsets in UTF-16 code units,
// as JavaScript strings count) into a fragment. Nested entities nest;
// entities that overlap without nesting are cut to their outer one.
export function formatted(text, entities, onCommand) {
  const frag = document.createDocumentFragment();
  const ents = (entities || [])
    .filter((e) => e.length > 0 && e.offset >= 0 && e.offset + e.length <= text.length)
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  build(frag, text, 0, text.length, ents, onCommand);
  return frag;
}

function build(parent, text, start, end, ents, onCommand) {
  let pos = start;
  let i = 0;
  while (i < ents.length) {
    const e = ents[i];
    if (e.offset < pos) {
      i++;
      continue;
    }
    const eEnd = e.offset + e.length;
    if (e.offset > pos) parent.append(text.slice(pos, e.offset));
    const inner = [];
    let j = i + 1;
    for (; j < ents.length && ents[j].offset < eEnd; j++) {
      if (ents[j].offset + ents[j].length <= eEnd) inner.push(ents[j]);
    }
    const node = entityNode(e, text.slice(e.offset, eEnd), onCommand);
    build(node, text, e.offset, eEnd, inner, onCommand);
    parent.append(node);
    pos = eEnd;
    i = j;
  }
  if (pos < end) parent.append(text.slice(pos, end));
}

// preview is one line describing a message, for the chat and topic lists.
export function preview(m) {
  if (!m) return '';
  const text = m.text || m.caption || '';
  if (m.photo) return text ? `Photo, ${text}` : 'Photo';
  if (m.video) return text ? `Video, ${text}` : 'Video';
  if (m.document) return m.document.file_name || 'File';
  if (m.voice) return 'Voice message';
  if (m.audio) return 'Audio';
  if (m.sticker) return `${m.sticker.emoji || ''} Sticker`.trim();
  if (m.contact) return 'Contact';
  if (m.location) return 'Location';
  if (m.forum_topic_created) return `Topic created: ${m.forum_topic_created.name}`;
  if (m.forum_topic_closed) return 'Topic closed';
  if (m.forum_topic_reopened) return 'Topic reopened';
  if (m.forum_topic_edited) return 'Topic edited';
  if (m.new_chat_members) return 'Joined the group';
  return text.replace(/\s+/g, ' ');
}
