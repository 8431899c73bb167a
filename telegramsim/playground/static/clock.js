// The bot's clock in the header, when the playground can move it (see
// WithClock in clock.go): its time, ticking, and buttons that move it
// forward an hour or a day, so that what the bot planned for later happens
// now.

import { post } from './api.js';

const $ = (id) => document.getElementById(id);

// format says a time as the header shows it, in the clock's own zone when
// the browser knows it.
function format(ms, zone) {
  const opts = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
  try {
    return new Intl.DateTimeFormat('en-GB', zone ? { ...opts, timeZone: zone } : opts).format(ms);
  } catch {
    return new Intl.DateTimeFormat('en-GB', opts).format(ms);
  }
}

// ahead says how far the clock runs ahead of the real time, e.g. "+1 d 2 h".
function ahead(seconds) {
  const minutes = Math.round(seconds / 60);
  if (minutes <= 0) return '';
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return `+${[d && `${d} d`, h && `${h} h`, m && `${m} min`].filter(Boolean).join(' ')}`;
}

export class Clock {
  // toast tells the person what went wrong.
  constructor(toast) {
    this.toast = toast;
    this.state = null;
    this.at = 0; // when state was received, by this browser's clock
    this.busy = false;
    for (const b of $('clock').querySelectorAll('.clock-btn')) {
      b.addEventListener('click', () => this.advance(b.dataset.by));
    }
    setInterval(() => this.draw(), 15000);
  }

  // show takes the clock from the server: null hides it.
  show(state) {
    this.state = state || null;
    this.at = Date.now();
    this.draw();
  }

  draw() {
    const c = this.state;
    $('clock').hidden = !c;
    if (!c) return;
    const now = Date.parse(c.now) + (Date.now() - this.at);
    $('clock-now').textContent = format(now, c.zone);
    $('clock-now').title = c.zone ? `The bot's time, in ${c.zone}` : "The bot's time";
    $('clock-ahead').textContent = ahead(c.ahead_seconds);
  }

  // advance moves the clock forward by a Go duration such as "1h".
  async advance(by) {
    if (this.busy) return;
    this.busy = true;
    $('clock').classList.add('busy');
    try {
      this.show(await post('/playground/api/clock/advance', { by }));
    } catch (err) {
      this.toast(err.message);
    } finally {
      this.busy = false;
      $('clock').classList.remove('busy');
    }
  }
}
