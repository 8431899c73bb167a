// Media inside a bubble (photos, albums, files, contacts, locations) and
// the wording of service messages.

import { el, icon, avatar, fileSize } from './format.js';
import { fileURL } from './api.js';

const maxSide = 320;

// biggest is the largest size of a photo.
function biggest(sizes) {
  return sizes.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a), sizes[0]);
}

function photo(m, ctx, cell) {
  const p = biggest(m.photo);
  const img = el('img', cell ? 'photo cell' : 'photo');
  img.setAttribute('src', fileURL(p.file_id));
  img.setAttribute('alt', m.caption || 'Photo');
  img.loading = 'lazy';
  if (!cell) {
    const w = Math.max(p.width || 1, 1);
    const h = Math.max(p.height || 1, 1);
    const scale = Math.min(maxSide / w, maxSide / h);
    img.width = Math.max(Math.round(w * scale), 120);
    img.height = Math.max(Math.round(h * scale), 80);
  }
  img.addEventListener('click', () => ctx.onOpenImage(fileURL(p.file_id)));
  return img;
}

// attachment is a file as a named row with a download link.
function attachment(kind, file, name, ctx) {
  const a = el('a', 'attachment');
  a.setAttribute('href', fileURL(file.file_id));
  a.setAttribute('download', name);
  const badge = el('span', `file-icon ${kind}`);
  badge.append(icon(kind === 'video' || kind === 'voice' || kind === 'audio' ? 'play' : 'file'));
  const what = el('span', 'file-what');
  what.append(el('span', 'file-name', name), el('span', 'file-size', [kindLabel(kind), fileSize(file.file_size)].filter(Boolean).join(' · ')));
  a.append(badge, what);
  return a;
}

function kindLabel(kind) {
  return { video: 'Video', voice: 'Voice message', audio: 'Audio', animation: 'GIF' }[kind] || '';
}

function one(m, ctx, cell) {
  if (m.photo) return photo(m, ctx, cell);
  if (m.video) return attachment('video', m.video, m.video.file_name || 'Video', ctx);
  if (m.animation) return attachment('animation', m.animation, m.animation.file_name || 'GIF', ctx);
  if (m.document) return attachment('document', m.document, m.document.file_name || 'File', ctx);
  if (m.voice) return attachment('voice', m.voice, 'Voice message', ctx);
  if (m.audio) return attachment('audio', m.audio, m.audio.title || m.audio.file_name || 'Audio', ctx);
  if (m.sticker) {
    const s = el('div', 'sticker', m.sticker.emoji || 'Sticker');
    return s;
  }
  if (m.contact) {
    const c = el('div', 'contact');
    const name = [m.contact.first_name, m.contact.last_name].filter(Boolean).join(' ');
    const who = el('div', 'contact-what');
    who.append(el('div', 'contact-name', name || 'Contact'), el('div', 'contact-phone', m.contact.phone_number));
    c.append(avatar(m.contact.user_id || 0, name || '#'), who);
    return c;
  }
  if (m.location) {
    const { latitude, longitude } = m.location;
    const a = el('a', 'location');
    a.setAttribute('href', `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=16/${latitude}/${longitude}`);
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer');
    a.append(icon('location'), el('span', '', `${latitude.toFixed(5)}, ${longitude.toFixed(5)}`));
    return a;
  }
  return null;
}

// media renders the media of one message or of an album's messages.
export function media(entries, ctx) {
  if (entries.length === 1) return one(entries[0].message, ctx, false);
  const visual = entries.every((g) => g.message.photo || g.message.video);
  const box = el('div', visual ? `album n${Math.min(entries.length, 4)}` : 'album files');
  for (const g of entries) {
    const item = one(g.message, ctx, visual);
    if (item) box.append(item);
  }
  return box;
}

// isService tells service messages (shown as a centred line) from others.
export function isService(m) {
  return Boolean(m.forum_topic_created || m.forum_topic_closed || m.forum_topic_reopened || m.forum_topic_edited ||
    m.new_chat_members || m.left_chat_member || m.new_chat_title || m.pinned_message ||
    m.group_chat_created || m.supergroup_chat_created || m.general_forum_topic_hidden || m.general_forum_topic_unhidden);
}

export function serviceText(m, ctx) {
  const by = m.from ? (m.from.id === ctx.bot.id ? ctx.bot.name : ctx.nameOf(m.from.id, m.from.first_name)) : 'Someone';
  const names = (users) => users.map((u) => (u.id === ctx.bot.id ? ctx.bot.name : ctx.nameOf(u.id, u.first_name))).join(', ');
  if (m.forum_topic_created) return `${by} created the topic “${m.forum_topic_created.name}”`;
  if (m.forum_topic_closed) return `${by} closed the topic`;
  if (m.forum_topic_reopened) return `${by} reopened the topic`;
  if (m.forum_topic_edited) {
    return m.forum_topic_edited.name ? `${by} renamed the topic to “${m.forum_topic_edited.name}”` : `${by} changed the topic icon`;
  }
  if (m.new_chat_members) {
    const added = m.new_chat_members;
    if (added.length === 1 && m.from && added[0].id === m.from.id) return `${by} joined the group`;
    return `${by} added ${names(added)}`;
  }
  if (m.left_chat_member) {
    if (m.from && m.left_chat_member.id === m.from.id) return `${by} left the group`;
    return `${by} removed ${names([m.left_chat_member])}`;
  }
  if (m.new_chat_title) return `${by} renamed the group to “${m.new_chat_title}”`;
  if (m.pinned_message) return `${by} pinned a message`;
  if (m.group_chat_created || m.supergroup_chat_created) return `${by} created the group`;
  return 'Service message';
}
