// The message list of the open pane. It keeps the element of every item
// and rebuilds only items whose signature changed, so that live updates do
// not reload photos, lose the scroll position or flicker.

import { items, render } from './message.js';

// Within this many pixels of its end, the list counts as read to the end.
const nearEnd = 40;

export class Transcript {
  // box is the scrolling list; pill the "new messages" button shown when a
  // message arrives while the person reads further up.
  constructor(box, pill) {
    this.box = box;
    this.pill = pill;
    this.cache = new Map();
    this.view = null;
    this.newest = 0;
    // following is whether the list stays at its end as it changes: true
    // until the person scrolls up, again once they are back at the end.
    this.following = true;
    // Only the person scrolling up stops the following: a scroll event can
    // arrive after the list shrank under a newly opened keyboard, when the
    // end is out of sight though nobody moved away from it.
    let top = box.scrollTop;
    box.addEventListener('scroll', () => {
      if (box.scrollHeight - box.scrollTop - box.clientHeight < nearEnd) {
        this.following = true;
        pill.hidden = true;
      } else if (box.scrollTop < top) {
        this.following = false;
      }
      top = box.scrollTop;
    });
    // The list shrinks when a keyboard, a reply or attachments open under
    // it, and grows when a photo loads: a list that follows stays at its end.
    new ResizeObserver(() => {
      if (this.following) this.toEnd();
    }).observe(box);
    box.addEventListener('load', () => {
      if (this.following) this.toEnd();
    }, true);
    pill.addEventListener('click', () => this.follow());
  }

  // show draws the entries of a view (a chat, or a topic of a forum); a new
  // view starts at its end. A new message keeps a following list at its
  // end; further up, it shows the pill instead of moving the list.
  show(view, entries, ctx, placeholder) {
    const switched = view !== this.view;
    if (switched) {
      this.box.replaceChildren();
      this.cache.clear();
      this.view = view;
      this.newest = 0;
      this.following = true;
    }
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
    const newest = entries.length ? entries[entries.length - 1].message.message_id : 0;
    const arrived = newest > this.newest && !switched;
    this.newest = Math.max(this.newest, newest);
    if (this.following) this.toEnd();
    else if (arrived) this.pill.hidden = false;
    if (switched) this.pill.hidden = true;
  }

  toEnd() {
    this.box.scrollTop = this.box.scrollHeight;
  }

  // follow brings the list to its end and keeps it there, e.g. when the
  // person sends a message.
  follow() {
    this.following = true;
    this.pill.hidden = true;
    this.toEnd();
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
