// Dialogs and notices: the bot's callback answers (toast or alert), adding
// a customer, sharing a contact and the photo viewer.

import { post } from './api.js';

const $ = (id) => document.getElementById(id);

let toastTimer = 0;

// toast shows a short notice over the open pane, as Telegram shows a
// button's answer.
export function toast(text) {
  const t = $('toast');
  t.textContent = text;
  t.hidden = false;
  t.classList.remove('fade');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    t.classList.add('fade');
    toastTimer = setTimeout(() => { t.hidden = true; }, 400);
  }, 3500);
}

// hideToast removes the notice at once, e.g. when another chat opens.
export function hideToast() {
  clearTimeout(toastTimer);
  $('toast').hidden = true;
}

// alert shows an answer the bot sent with show_alert.
export function alert(text) {
  $('alert-text').textContent = text;
  const d = $('alert-dialog');
  if (!d.open) d.showModal();
}

// formDialog opens a dialog whose form submits through submit(data); the
// dialog stays open with the error shown while submit throws.
function formDialog(dialogID, formID, errorID, submit) {
  const d = $(dialogID);
  const form = $(formID);
  form.addEventListener('submit', async (ev) => {
    if (ev.submitter && ev.submitter.value === 'cancel') return;
    ev.preventDefault();
    const err = $(errorID);
    try {
      await submit(Object.fromEntries(new FormData(form)));
      err.hidden = true;
      d.close();
    } catch (e) {
      err.textContent = e.message;
      err.hidden = false;
    }
  });
  return d;
}

// setupAddCustomer wires the "Add customer" dialog; added(id) runs with
// the new user's id.
export function setupAddCustomer(added) {
  const d = formDialog('add-dialog', 'add-form', 'add-error', async (data) => {
    const u = await post('/playground/api/users', data);
    added(u.id);
  });
  $('add-customer').addEventListener('click', () => {
    $('add-form').reset();
    $('add-error').hidden = true;
    d.showModal();
  });
}

// A sample number per language, so that a person can just press Share.
const samplePhones = { 'zh-hans': '+86 138 0013 8000', en: '+44 7700 900123' };

// setupContact wires the contact dialog and returns ask(chat, writer).
export function setupContact() {
  let target = null;
  const d = formDialog('contact-dialog', 'contact-form', 'contact-error', async (data) => {
    await post(`/playground/api/chats/${target.chat}/contact`, { from: target.from, phone: data.phone });
  });
  return (chat, from) => {
    target = { chat: chat.id, from };
    const form = $('contact-form');
    form.reset();
    form.elements.phone.value = samplePhones[chat.language] || samplePhones.en;
    $('contact-error').hidden = true;
    d.showModal();
    form.elements.phone.select();
  };
}

// setupLightbox returns open(url), which shows a photo full size until
// clicked or Escape.
export function setupLightbox() {
  const box = $('lightbox');
  const close = () => {
    box.hidden = true;
    $('lightbox-img').removeAttribute('src');
  };
  box.addEventListener('click', close);
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && !box.hidden) close();
  });
  return (url) => {
    $('lightbox-img').setAttribute('src', url);
    box.hidden = false;
  };
}
