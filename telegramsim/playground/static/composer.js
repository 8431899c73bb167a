// The composer under a pane: text, attachments, the reply being written,
// who writes in a group and the bot's reply keyboard.

import { el, icon, preview } from './format.js';
import { post, postForm } from './api.js';

const $ = (id) => document.getElementById(id);

export class Composer {
  // app gives: store, chat() (the open chat), toast(text), askContact(chat),
  // nameOf(id, fallback), follow() (keep the newest message in view).
  constructor(app) {
    this.app = app;
    this.files = [];
    this.input = $('input');
    this.sending = false;
    $('composer').addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.send();
    });
    this.input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        this.send();
      }
    });
    this.input.addEventListener('input', () => {
      const c = app.chat();
      if (c) c.ui.draft = this.input.value;
      this.grow();
    });
    $('attach').addEventListener('click', () => $('file').click());
    $('file').addEventListener('change', () => {
      this.files.push(...Array.from($('file').files).slice(0, 10 - this.files.length));
      $('file').value = '';
      this.drawFiles();
      this.input.focus();
    });
    $('reply-cancel').addEventListener('click', () => this.reply(null));
    $('poster').addEventListener('change', () => {
      const c = app.chat();
      if (c) c.ui.poster = Number($('poster').value);
      this.draw();
    });
    $('kb-toggle').addEventListener('click', () => {
      const c = app.chat();
      if (c) c.ui.kbHidden = !c.ui.kbHidden;
      this.draw();
    });
  }

  // grow fits the input's height to its text, up to about eight lines.
  grow() {
    this.input.style.height = 'auto';
    if (this.input.scrollHeight > 0) this.input.style.height = `${Math.min(this.input.scrollHeight, 180)}px`;
  }

  // opened resets the composer for another chat.
  opened(c) {
    this.files = [];
    this.input.value = c.ui.draft || '';
    this.grow();
    this.drawFiles();
    this.draw();
  }

  // writer is the user who writes: the customer in a private chat, the
  // chosen member in a group.
  writer(c) {
    return c.type === 'private' ? c.id : c.ui.poster;
  }

  reply(entry) {
    const c = this.app.chat();
    if (!c) return;
    c.ui.replyTo = entry ? entry.message.message_id : null;
    this.draw();
    if (entry) this.input.focus();
  }

  // draw updates the bars around the input for the open chat.
  draw() {
    const c = this.app.chat();
    if (!c) return;
    const group = c.type !== 'private';
    $('poster-bar').hidden = !group;
    if (group) {
      const sel = $('poster');
      const key = JSON.stringify(c.members);
      // Rebuilt only when the members change, so that an open list stays
      // open while messages arrive.
      if (sel.dataset.members !== key) {
        sel.dataset.members = key;
        sel.replaceChildren(...c.members.map((m) => {
          const o = el('option', '', `${m.name} · ${m.role}`);
          o.value = m.id;
          return o;
        }));
      }
      sel.value = String(c.ui.poster);
      const t = c.forum ? c.topics.get(c.ui.topic) : null;
      const where = $('poster-topic');
      where.replaceChildren(t ? t.name : c.forum ? 'General' : c.title);
      if (t && t.closed) where.append(icon('lock'), el('span', 'closed-note', ' closed'));
    }
    const replied = c.ui.replyTo && c.msgs.get(c.ui.replyTo);
    $('reply-bar').hidden = !replied;
    if (replied) {
      const m = replied.message;
      $('reply-name').textContent = `Reply to ${replied.from_bot ? this.app.store.bot.name : this.app.nameOf(m.from && m.from.id, m.from && m.from.first_name)}`;
      $('reply-text').textContent = preview(m);
    }
    this.drawKeyboard(c);
  }

  drawFiles() {
    const bar = $('attach-bar');
    bar.hidden = this.files.length === 0;
    for (const img of bar.querySelectorAll('img')) URL.revokeObjectURL(img.src);
    bar.replaceChildren(...this.files.map((f, i) => {
      const chip = el('div', 'attach-item');
      if (f.type.startsWith('image/')) {
        const img = el('img');
        img.src = URL.createObjectURL(f);
        img.alt = f.name;
        chip.append(img);
      } else {
        chip.append(icon('file'), el('span', 'attach-name', f.name));
      }
      const x = el('button', 'attach-remove', '×');
      x.type = 'button';
      x.title = 'Remove';
      x.addEventListener('click', () => {
        this.files.splice(i, 1);
        this.drawFiles();
      });
      chip.append(x);
      return chip;
    }));
    this.input.placeholder = this.files.length ? 'Add a caption…' : this.placeholder || 'Message';
  }

  // drawKeyboard shows the bot's reply keyboard under the input.
  drawKeyboard(c) {
    const kb = c.keyboard;
    const box = $('reply-kb');
    $('kb-toggle').hidden = !kb;
    this.placeholder = (kb && kb.input_field_placeholder) || 'Message';
    if (!this.files.length) this.input.placeholder = this.placeholder;
    box.hidden = !kb || c.ui.kbHidden;
    if (box.hidden) return;
    box.replaceChildren(...kb.keyboard.map((row) => {
      const r = el('div', 'kb-row');
      for (const b of row) {
        const btn = el('button', 'reply-kb-btn', b.text);
        btn.type = 'button';
        if (b.request_contact) btn.prepend(icon('phone'));
        if (b.request_location) btn.prepend(icon('location'));
        btn.addEventListener('click', () => this.keyPressed(c, b));
        r.append(btn);
      }
      return r;
    }));
  }

  async keyPressed(c, b) {
    if (b.request_contact) {
      this.app.askContact(c);
      return;
    }
    if (b.request_location) {
      await this.run(() => post(`/playground/api/chats/${c.id}/location`,
        { from: this.writer(c), latitude: 31.2304, longitude: 121.4737, thread: c.ui.topic }));
      return;
    }
    await this.run(() => post(`/playground/api/chats/${c.id}/messages`, { from: this.writer(c), text: b.text, thread: c.ui.topic }));
  }

  // sendText sends a text as the writer, e.g. a clicked /command.
  sendText(text) {
    const c = this.app.chat();
    if (!c) return Promise.resolve();
    return this.run(() => post(`/playground/api/chats/${c.id}/messages`, { from: this.writer(c), text, thread: c.ui.topic }));
  }

  // run sends what the person wrote, bringing the chat to its newest
  // message, and shows a refusal, if any, as a toast.
  async run(request) {
    this.app.follow();
    try {
      await request();
      return true;
    } catch (err) {
      this.app.toast(err.message);
      return false;
    }
  }

  async send() {
    const c = this.app.chat();
    const text = this.input.value.trim();
    if (!c || this.sending || (!text && this.files.length === 0)) return;
    this.sending = true;
    const target = { from: this.writer(c), thread: c.ui.topic, reply_to: c.ui.replyTo || 0 };
    const ok = await this.run(() => {
      if (this.files.length === 0) return post(`/playground/api/chats/${c.id}/messages`, { ...target, text });
      const form = new FormData();
      for (const [k, v] of Object.entries(target)) form.append(k, String(v));
      form.append('caption', text);
      for (const f of this.files) form.append('file', f, f.name);
      return postForm(`/playground/api/chats/${c.id}/messages`, form);
    });
    this.sending = false;
    if (!ok) return;
    this.input.value = '';
    c.ui.draft = '';
    c.ui.replyTo = null;
    this.files = [];
    this.grow();
    this.drawFiles();
    this.draw();
    this.input.focus();
  }
}
