// The playground page: it follows the simulator's event stream and draws
// the chat list, the open pane and its composer.

import { Store } from './store.js';
import { Transcript } from './transcript.js';
import { renderChats, renderTopics } from './chatlist.js';
import { Composer } from './composer.js';
import { toast, hideToast, alert, setupAddCustomer, setupContact, setupLightbox } from './dialogs.js';
import { el, avatar, safeURL, preview } from './format.js';
import { post } from './api.js';
import { Clock } from './clock.js';

const $ = (id) => document.getElementById(id);

const store = new Store();
const transcript = new Transcript($('messages'), $('new-below'));
const pending = new Map(); // query id -> pressed message, until the bot answers
const early = new Map(); // answers that arrived before their press returned
let current = null;
let openWhenSeen = null;

// wide says whether the screen shows the chat list, topics and chat side
// by side; a narrow one shows one of them at a time (see setView).
const wide = window.matchMedia('(min-width: 1000px)');

const app = {
  store,
  chat: () => store.chats.get(current),
  toast,
  askContact: (c) => askContact(c, composer.writer(c)),
  nameOf: (id, fallback) => store.nameOf(id, fallback),
  follow: () => transcript.follow(),
};
const composer = new Composer(app);
const clock = new Clock(toast);
const askContact = setupContact();
const openImage = setupLightbox();
setupAddCustomer((id) => {
  if (store.chats.has(id)) open(id);
  else openWhenSeen = id;
});

// visible says whether the person sees a place right now.
function visible(c, thread) {
  return c.id === current && document.visibilityState === 'visible' && (!c.forum || c.ui.topic === thread);
}

function markRead(c) {
  if (c.forum) c.topicUnread.set(c.ui.topic, 0);
  else c.topicUnread.clear();
  c.unread = Array.from(c.topicUnread.values()).reduce((a, b) => a + b, 0);
}

// setView picks what a narrow screen shows: "list" (the chats), "topics"
// (a forum's topics) or "chat".
function setView(view) {
  $('app').dataset.view = view;
}

function open(id) {
  const c = store.chats.get(id);
  if (!c) return;
  if (current !== id) hideToast();
  current = id;
  history.replaceState(null, '', `#chat=${id}`);
  markRead(c);
  composer.opened(c);
  setView(c.forum ? 'topics' : 'chat');
  render();
  composer.grow();
  if (wide.matches) $('input').focus();
}

function pickTopic(thread) {
  const c = app.chat();
  c.ui.topic = thread;
  c.ui.replyTo = null;
  markRead(c);
  composer.draw();
  setView('chat');
  render();
}

$('back').addEventListener('click', () => {
  const c = app.chat();
  setView(c && c.forum ? 'topics' : 'list');
});
$('topics-back').addEventListener('click', () => setView('list'));

// onJump scrolls to a replied-to message, switching topic if needed.
function onJump(messageID) {
  const c = app.chat();
  const target = c && c.msgs.get(messageID);
  if (!target) {
    toast('That message is no longer here.');
    return;
  }
  const thread = target.message.is_topic_message ? target.message.message_thread_id : 0;
  if (c.forum && c.ui.topic !== thread) pickTopic(thread);
  transcript.jump(messageID);
}

// onPress presses an inline button. Its keyboard waits for the bot's
// answer (at most Telegram's 15 seconds); the pressed button stays marked.
async function onPress(entry, button) {
  const c = app.chat();
  const press = { c, id: entry.message.message_id };
  store.mark(c, press.id, { pressing: button.callback_data });
  later();
  try {
    const r = await post(`/playground/api/chats/${c.id}/press`,
      { from: composer.writer(c), message_id: press.id, data: button.callback_data });
    store.mark(c, press.id, { pressed: r.pressed });
    later();
    const answer = early.get(r.query_id);
    if (answer) {
      early.delete(r.query_id);
      showAnswer(answer, press);
      return;
    }
    pending.set(r.query_id, press);
    setTimeout(() => {
      if (pending.get(r.query_id) === press) {
        pending.delete(r.query_id);
        settle(press);
      }
    }, 15000);
  } catch (err) {
    settle(press);
    toast(err.message);
  }
}

// settle frees a pressed message's keyboard.
function settle(press) {
  store.mark(press.c, press.id, { pressing: null });
  later();
}

function answered(cb) {
  const press = pending.get(cb.query_id);
  if (!press) {
    early.set(cb.query_id, cb);
    setTimeout(() => early.delete(cb.query_id), 30000);
    return;
  }
  pending.delete(cb.query_id);
  showAnswer(cb, press);
}

function showAnswer(cb, press) {
  settle(press);
  if (cb.text) (cb.show_alert ? alert : toast)(cb.text);
  const url = cb.url && safeURL(cb.url);
  if (url) window.open(url, '_blank', 'noopener,noreferrer');
}

function context(c) {
  return {
    bot: store.bot,
    isGroup: c.type !== 'private',
    nameOf: (id, fallback) => store.nameOf(id, fallback),
    roleOf: (id) => store.roleOf(id),
    previewOf: preview,
    safeURL,
    onReply: (entry) => composer.reply(entry),
    onPress,
    onCommand: (text) => composer.sendText(text),
    onJump,
    onOpenImage: openImage,
    onCopy: (text) => navigator.clipboard.writeText(text).then(() => toast('Copied to the clipboard.'), () => toast(text)),
  };
}

// placeholder is what an empty pane shows: in a private chat, the bot's
// welcome with Telegram's START button.
function placeholder(c) {
  const card = el('div', 'welcome');
  if (c.type === 'private') {
    card.append(el('div', 'welcome-title', 'What can this bot do?'),
      el('p', '', `This is ${c.title}'s chat with ${store.bot.name}. Write as ${c.title}, or press Start as a new customer would.`));
    const start = el('button', 'start', 'START');
    start.type = 'button';
    start.addEventListener('click', () => composer.sendText('/start'));
    card.append(start);
  } else {
    card.append(el('div', 'welcome-title', 'No messages here yet'));
  }
  return card;
}

function renderHeader(c) {
  const typing = c.ui.typingUntil > Date.now();
  const sub = $('head-sub');
  sub.classList.toggle('typing', typing);
  const as = $('head-as');
  as.replaceChildren();
  if (c.type === 'private') {
    $('head-avatar').replaceWith(Object.assign(avatar(store.bot.id, store.bot.name), { id: 'head-avatar' }));
    $('head-title').textContent = store.bot.name;
    sub.textContent = typing ? 'typing…' : c.botStatus === 'kicked' ? `bot · blocked by ${c.title}` : 'bot';
    as.append(el('span', 'as-label', 'You are'), avatar(c.id, c.title, true), el('span', 'as-name', c.title));
    if (c.language) as.append(el('span', 'lang', c.language === 'zh-hans' ? '简体中文' : 'English'));
  } else {
    const pic = Object.assign(avatar(c.id, c.title), { id: 'head-avatar' });
    pic.classList.add('group');
    $('head-avatar').replaceWith(pic);
    $('head-title').textContent = c.title;
    sub.textContent = typing ? `${store.bot.name} is typing…` : `${c.members.length + 1} members${c.forum ? ' · topics' : ''}`;
  }
}

let scheduled = false;

function render() {
  scheduled = false;
  renderChats($('chat-list'), store, current, open);
  const c = app.chat();
  $('empty').hidden = Boolean(c);
  $('chat').hidden = !c;
  $('topics').hidden = !c || !c.forum;
  if (!c) {
    setView('list');
    return;
  }
  if (c.forum) renderTopics($('topic-list'), store, c, pickTopic);
  renderHeader(c);
  const thread = c.forum ? c.ui.topic : undefined;
  transcript.show(`${c.id}/${thread}`, store.entries(c, thread), context(c), placeholder(c));
  composer.draw();
}

function later() {
  if (!scheduled) {
    scheduled = true;
    setTimeout(render, 16);
  }
}

// connection shows whether the page follows the server: "live",
// "connecting" or "offline", when the server stopped; offline, nothing
// can be sent.
function connection(state) {
  $('status').className = `status ${state}`;
  $('status').textContent = { live: 'live', connecting: 'reconnecting…', offline: 'offline' }[state];
  const down = state === 'offline';
  $('offline').hidden = !down;
  document.body.classList.toggle('offline', down);
  for (const id of ['input', 'send', 'attach', 'kb-toggle', 'poster', 'add-customer', 'clock-hour', 'clock-day']) $(id).disabled = down;
}

let failures = 0; // stream failures in a row

// connect follows the event stream. A stream that fails is tried again
// after a pause that doubles up to 8 seconds; a second failure in a row
// means the server is gone.
function connect() {
  const es = new EventSource('/playground/api/events');
  es.addEventListener('snapshot', (ev) => {
    failures = 0;
    const st = JSON.parse(ev.data);
    store.applySnapshot(st);
    clock.show(st.clock);
    connection('live');
    if (current === null) {
      const m = /chat=(-?\d+)/.exec(location.hash);
      if (m && store.chats.has(Number(m[1]))) {
        current = Number(m[1]);
        const c = app.chat();
        setView(c.forum ? 'topics' : 'chat');
      }
    }
    if (current !== null && !store.chats.has(current)) current = null;
    if (current !== null) composer.opened(app.chat());
    render();
  });
  es.addEventListener('change', (ev) => {
    const change = JSON.parse(ev.data);
    if (change.kind === 'callback_answer') {
      answered(change.callback);
      return;
    }
    store.apply(change, visible);
    if (change.kind === 'chat' && openWhenSeen === change.chat_id) {
      openWhenSeen = null;
      open(change.chat_id);
      return;
    }
    if (change.kind === 'action') setTimeout(later, 5100);
    later();
  });
  es.addEventListener('clock', (ev) => clock.show(JSON.parse(ev.data)));
  es.addEventListener('error', () => {
    es.close();
    failures++;
    connection(failures > 1 ? 'offline' : 'connecting');
    setTimeout(connect, Math.min(250 * 2 ** failures, 8000));
  });
}

document.addEventListener('visibilitychange', () => {
  const c = app.chat();
  if (c && document.visibilityState === 'visible') {
    markRead(c);
    later();
  }
});

connect();
