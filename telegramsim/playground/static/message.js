// Rendering of one transcript item: a message, an album, a service line or
// a day separator. Items carry a key and a signature so that the pane only
// rebuilds what changed (see transcript.js).

import { el, icon, avatar, clock, dayLabel, formatted, peerColor } from './format.js';
import { media, isService, serviceText } from './media.js';

function dayKey(date) {
  const d = new Date(date * 1000);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

function senderKey(entry) {
  return entry.from_bot ? 'bot' : String(entry.message.from ? entry.message.from.id : 0);
}

// items groups a view's entries: a separator per day, albums into one
// bubble, and notes where a run of one sender's messages begins.
export function items(entries) {
  const out = [];
  let lastDay = '';
  let lastSender = '';
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const m = e.message;
    const day = dayKey(m.date);
    if (day !== lastDay) {
      out.push({ key: `d${day}`, sig: dayLabel(m.date), kind: 'day', date: m.date });
      lastDay = day;
      lastSender = '';
    }
    if (isService(m)) {
      out.push({ key: `m${m.message_id}`, sig: String(e.rev), kind: 'service', entries: [e] });
      lastSender = '';
      continue;
    }
    const group = [e];
    while (m.media_group_id && i + 1 < entries.length && entries[i + 1].message.media_group_id === m.media_group_id) {
      group.push(entries[++i]);
    }
    const first = senderKey(e) !== lastSender;
    lastSender = senderKey(e);
    out.push({
      key: `m${m.message_id}`,
      sig: `${first}|${group.map((g) => `${g.message.message_id}.${g.rev}`).join(',')}`,
      kind: 'message',
      first,
      entries: group,
    });
  }
  return out;
}

// render builds an item's element.
export function render(item, ctx) {
  if (item.kind === 'day') {
    const row = el('div', 'service-row day');
    row.append(el('span', 'service', item.sig));
    return row;
  }
  if (item.kind === 'service') {
    const row = el('div', 'service-row');
    row.dataset.mid = item.entries[0].message.message_id;
    row.append(el('span', 'service', serviceText(item.entries[0].message, ctx)));
    return row;
  }
  return bubbleRow(item, ctx);
}

function bubbleRow(item, ctx) {
  const head = item.entries[0];
  const m = head.message;
  const out = !head.from_bot;
  const row = el('div', `row ${out ? 'out' : 'in'}${item.first ? ' first' : ''}`);
  row.dataset.mid = m.message_id;
  const stack = el('div', 'stack');
  const bubble = el('div', 'bubble');
  stack.append(bubble);
  if (ctx.isGroup && item.first) {
    const who = m.from || {};
    const name = el('div', 'sender', head.from_bot ? ctx.bot.name : ctx.nameOf(who.id, who.first_name));
    name.style.color = head.from_bot ? '#3390ec' : peerColor(who.id);
    const role = ctx.roleOf(who.id);
    if (role && !head.from_bot) name.append(el('span', `role ${role}`, role));
    bubble.append(name);
  }
  if (m.forward_origin) bubble.append(el('div', 'forwarded', `Forwarded from ${originName(m.forward_origin)}`));
  const quoted = m.reply_to_message;
  if (quoted && !quoted.forum_topic_created) bubble.append(quote(quoted, ctx));

  const caption = item.entries.find((g) => g.message.caption);
  const body = media(item.entries, ctx);
  if (body) {
    bubble.append(body);
    bubble.classList.add('has-media');
  }
  const text = m.text !== undefined ? m.text : caption ? caption.message.caption : '';
  const entities = m.text !== undefined ? m.entities : caption ? caption.message.caption_entities : [];
  const meta = metaLine(item.entries);
  // The bot's reaction sits at the bubble's foot, the time beside it, as
  // in Telegram.
  const pills = reactions(item.entries, ctx);
  if (text) {
    const t = el('div', 'text');
    t.append(formatted(text, entities, ctx.onCommand));
    if (pills) {
      pills.append(meta);
      bubble.append(t, pills);
    } else {
      t.append(meta);
      bubble.append(t);
    }
  } else if (body && body.matches('.photo, .album:not(.files)')) {
    meta.classList.add('over');
    bubble.append(meta);
    if (pills) bubble.append(pills);
    else if (bubble.children.length === 2) bubble.classList.add('media-only');
  } else if (body) {
    meta.classList.add('below');
    bubble.append(meta);
    if (pills) bubble.append(pills);
  } else if (pills) {
    pills.append(meta);
    bubble.append(pills);
  } else {
    bubble.append(meta);
  }
  const kb = keyboard(head, ctx);
  if (kb) stack.append(kb);

  const reply = el('button', 'reply-btn');
  reply.type = 'button';
  reply.title = 'Reply';
  reply.append(icon('reply'));
  reply.addEventListener('click', () => ctx.onReply(head));
  bubble.addEventListener('dblclick', () => ctx.onReply(head));
  if (out) row.append(reply, stack);
  else row.append(stack, reply);
  if (ctx.isGroup && !out) row.prepend(avatar(ctx.bot.id, ctx.bot.name, true));
  return row;
}

// reactions draws the bot's reaction on a message (or an album) as
// Telegram's small pill, or returns null when there is none.
function reactions(entries, ctx) {
  const emoji = [...new Set(entries.map((g) => g.reaction).filter(Boolean))];
  if (!emoji.length) return null;
  const box = el('div', 'reactions');
  for (const e of emoji) {
    const pill = el('span', 'reaction', e);
    pill.title = `${ctx.bot.name} reacted ${e}`;
    box.append(pill);
  }
  return box;
}

function metaLine(entries) {
  const meta = el('span', 'meta');
  if (entries.some((g) => g.edited)) meta.append(el('span', 'edited', 'edited'));
  meta.append(el('span', 'time', clock(entries[entries.length - 1].message.date)));
  return meta;
}

function originName(o) {
  if (o.sender_user) return o.sender_user.first_name;
  if (o.sender_user_name) return o.sender_user_name;
  if (o.sender_chat) return o.sender_chat.title;
  if (o.chat) return o.chat.title;
  return 'someone';
}

// quote is the replied-to message above a reply; clicking it scrolls there.
function quote(q, ctx) {
  const box = el('div', 'quote');
  const fromBot = q.from && q.from.id === ctx.bot.id;
  const name = fromBot ? ctx.bot.name : ctx.nameOf(q.from && q.from.id, q.from && q.from.first_name);
  box.style.borderColor = fromBot ? '#3390ec' : peerColor(q.from ? q.from.id : 0);
  const n = el('div', 'quote-name', name);
  n.style.color = box.style.borderColor;
  box.append(n, el('div', 'quote-text', ctx.previewOf(q)));
  box.addEventListener('click', () => ctx.onJump(q.message_id));
  return box;
}

// keyboard draws the buttons under a bot message: its inline keyboard,
// with the button last pressed marked while the keyboard is as it was then;
// once the bot took the keyboard off after a press, the keyboard as it was,
// greyed out, so that the chat still shows the answer chosen.
function keyboard(entry, ctx) {
  const live = entry.message.reply_markup && entry.message.reply_markup.inline_keyboard;
  const pressed = entry.pressed;
  const was = pressed && pressed.keyboard && pressed.keyboard.inline_keyboard;
  if (live && live.length) {
    const same = was && JSON.stringify(was) === JSON.stringify(live);
    return inlineKeyboard(entry, live, ctx, { chosen: same ? pressed.data : null, pressing: entry.pressing });
  }
  return was ? inlineKeyboard(entry, was, ctx, { chosen: pressed.data, answered: true }) : null;
}

// inlineKeyboard draws rows of buttons. state.chosen is the callback data
// of the chosen button; state.pressing that of a press awaiting the bot's
// answer, which holds the other buttons; state.answered greys them all out.
function inlineKeyboard(entry, rows, ctx, state) {
  const kb = el('div', state.answered ? 'inline-kb answered' : 'inline-kb');
  for (const row of rows) {
    const r = el('div', 'kb-row');
    for (const b of row) {
      const url = b.url || (b.login_url && b.login_url.url);
      const btn = el(url && !state.answered ? 'a' : 'button', 'kb-btn', b.text);
      if (state.answered) {
        btn.type = 'button';
        btn.disabled = true;
      } else if (b.callback_data !== undefined) {
        btn.type = 'button';
        btn.disabled = Boolean(state.pressing);
        if (b.callback_data === state.pressing) btn.classList.add('loading');
        btn.addEventListener('click', () => ctx.onPress(entry, b));
      } else if (url && ctx.safeURL(url)) {
        btn.setAttribute('href', ctx.safeURL(url));
        btn.setAttribute('target', '_blank');
        btn.setAttribute('rel', 'noopener noreferrer');
        btn.append(icon('link'));
      } else if (b.copy_text && b.copy_text.text) {
        btn.type = 'button';
        btn.addEventListener('click', () => ctx.onCopy(b.copy_text.text));
      } else {
        btn.classList.add('unsupported');
        btn.title = 'This kind of button does nothing in the playground';
      }
      if (state.chosen && b.callback_data === state.chosen) {
        btn.classList.add('chosen');
        btn.title = 'Chosen';
        btn.prepend(icon('check'));
      }
      r.append(btn);
    }
    kb.append(r);
  }
  return kb;
}
