// The message list of the open pane. It keeps the element of every item
// and rebuilds only items whose signature changed, so that live updates do
// not reload photos, lose the scroll position or flicker.

import { items, render } from './message.js';

export class Transcript {
  constructor(box) {
    this.box = box;
    this.cache = new Map();
    this.view = null;
  }

  // show draws the entries of a view (a chat, or a topic of a forum); a new
  // view starts scrolled to its end, and a view read to its end follows
  // new messages.
  show(view, entries, ctx, placeholder) {
    const switched = view !== this.view;
    if (switched) {
      this.box.replaceChildren();
      this.cache.clear();
      this.view = view;
    }
    const atEnd = this.box.scrollHeight - this.box.scrollTop - this.box.clientHeight < 120;
    const nodes = [];
    const used = new Set();
    for (const it of items(entries)) {
      let c = this.cache.get(it.key);
      if (!c || c.sig !== it.sig) {
        if (c) c.node.remove();
        c = { sig: it.sig, node: render(it, ctx) };
        this.cache.set(it.key, c);
      }
      used.add(it.key);
      nodes.push(c.node);
    }
    for (const [key, c] of this.cache) {
      if (!used.has(key)) {
        c.node.remove();
        this.cache.delete(key);
      }
    }
    if (nodes.length === 0 && placeholder) nodes.push(placeholder);
    const stale = Array.from(this.box.children).filter((n) => !nodes.includes(n));
    for (const n of stale) n.remove();
    let cur = this.box.firstChild;
    for (const n of nodes) {
      if (n === cur) cur = cur.nextSibling;
      else this.box.insertBefore(n, cur);
    }
    if (switched || atEnd) this.toEnd();
  }

  toEnd() {
    this.box.scrollTop = this.box.scrollHeight;
  }

  // jump scrolls to a message and flashes it.
  jump(messageID) {
    const row = this.box.querySelector(`[data-mid="${Number(messageID)}"]`);
    if (!row) return false;
    row.scrollIntoView({ block: 'center', behavior: 'smooth' });
    row.classList.remove('flash');
    void row.offsetWidth;
    row.classList.add('flash');
    return true;
  }
}
