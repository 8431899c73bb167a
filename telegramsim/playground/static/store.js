// The page's copy of the simulated world: chats, their topics and
// messages, kept current from the server's snapshot and change events.
// Applying an event twice, or an event the snapshot already holds, leaves
// the same state, so a reconnect can replay freely.

// threadOf is the forum topic of a message; 0 is General.
export function threadOf(m) {
  return m.is_topic_message ? m.message_thread_id : 0;
}

export class Store {
  constructor() {
    this.bot = { id: 0, name: 'Bot', username: '' };
    this.chats = new Map();
    this.rev = 0;
    this.seq = 0;
  }

  // chat makes or updates a chat from the server's description, keeping
  // the page's own state (selected topic, writer, unread counts).
  upsertChat(info) {
    let c = this.chats.get(info.id);
    if (!c) {
      c = { msgs: new Map(), unread: 0, topicUnread: new Map(), activity: 0, seq: this.seq++,
        ui: { topic: 0, poster: 0, replyTo: null, kbHidden: false, typingUntil: 0, draft: '' } };
      this.chats.set(info.id, c);
    }
    Object.assign(c, {
      id: info.id, type: info.type, title: info.title, username: info.username || '',
      language: info.language || '', forum: Boolean(info.forum), botStatus: info.bot_status,
      started: info.started, members: info.members || [],
    });
    c.topics = new Map((info.topics || []).map((t) => [t.thread_id, t]));
    c.keyboard = info.keyboard || null;
    if (c.type !== 'private' && !c.members.some((m) => m.id === c.ui.poster)) {
      c.ui.poster = c.members.length ? c.members[0].id : 0;
    }
    return c;
  }

  applySnapshot(st) {
    this.bot = st.bot;
    const seen = new Set();
    for (const info of st.chats || []) {
      const c = this.upsertChat(info);
      c.msgs.clear();
      for (const e of info.messages || []) this.putEntry(c, e);
      seen.add(c.id);
    }
    for (const id of this.chats.keys()) if (!seen.has(id)) this.chats.delete(id);
  }

  // putEntry stores a message's current version. reaction is the bot's
  // reaction on it ('' for none; an edit keeps it); pressed is the button
  // last pressed under it (with the keyboard it had then); pressing is the
  // callback data of a press the bot has not answered yet.
  putEntry(c, e) {
    const m = e.message;
    const old = c.msgs.get(m.message_id);
    c.msgs.set(m.message_id, {
      message: m, from_bot: e.from_bot, edited: e.edited || (old && old.edited),
      reaction: e.reaction || (old && old.reaction) || '',
      pressed: e.pressed || (old && old.pressed) || null, pressing: old ? old.pressing : null,
      rev: ++this.rev,
    });
    c.activity = Math.max(c.activity, m.date);
    return !old;
  }

  // mark changes what the page knows of a message, e.g. a press.
  mark(c, messageID, fields) {
    const e = c.msgs.get(messageID);
    if (e) Object.assign(e, fields, { rev: ++this.rev });
  }

  // apply takes one change; visible(chat, thread) says whether the person
  // is looking at that place, which decides what counts as unread.
  apply(ev, visible) {
    if (ev.kind === 'chat' && ev.chat) {
      this.upsertChat(ev.chat);
      return;
    }
    const c = this.chats.get(ev.chat_id);
    if (!c) return;
    if (ev.keyboard) c.keyboard = ev.keyboard.markup;
    switch (ev.kind) {
      case 'message':
      case 'edit': {
        const fresh = this.putEntry(c, ev.entry);
        const thread = threadOf(ev.entry.message);
        if (ev.kind === 'message' && fresh && !visible(c, thread)) {
          c.unread++;
          c.topicUnread.set(thread, (c.topicUnread.get(thread) || 0) + 1);
        }
        if (ev.entry.from_bot) c.ui.typingUntil = 0;
        break;
      }
      case 'delete':
        c.msgs.delete(ev.message_id);
        break;
      case 'reaction':
        this.mark(c, ev.message_id, { reaction: ev.reaction || '' });
        break;
      case 'topic':
        c.topics.set(ev.topic.thread_id, ev.topic);
        if (ev.topic.deleted) {
          for (const [id, e] of c.msgs) if (threadOf(e.message) === ev.topic.thread_id) c.msgs.delete(id);
          if (c.ui.topic === ev.topic.thread_id) c.ui.topic = 0;
        }
        break;
      case 'action':
        c.ui.typingUntil = ev.action === 'cancel' ? 0 : Date.now() + 5000;
        break;
    }
  }

  // entries are a chat's messages in order, only one topic's for a forum.
  entries(c, thread) {
    const all = Array.from(c.msgs.values()).sort((a, b) => a.message.message_id - b.message.message_id);
    if (!c.forum || thread === undefined) return all;
    return all.filter((e) => threadOf(e.message) === thread);
  }

  last(c, thread) {
    const list = this.entries(c, thread);
    return list.length ? list[list.length - 1] : null;
  }

  // ordered lists the chats as the sidebar shows them: groups pinned on
  // top, then the most recently active.
  ordered() {
    return Array.from(this.chats.values()).sort((a, b) => {
      const ga = a.type === 'private' ? 1 : 0;
      const gb = b.type === 'private' ? 1 : 0;
      return ga - gb || b.activity - a.activity || a.seq - b.seq;
    });
  }

  // nameOf is a user's name as the page shows it.
  nameOf(id, fallback) {
    if (id === this.bot.id) return this.bot.name;
    const c = this.chats.get(id);
    if (c && c.type === 'private') return c.title;
    return fallback || 'Someone';
  }

  // roleOf is "owner" or "staff" for members of a group, else "".
  roleOf(id) {
    for (const c of this.chats.values()) {
      const m = c.type !== 'private' && c.members.find((x) => x.id === id);
      if (m) return m.role;
    }
    return '';
  }
}
