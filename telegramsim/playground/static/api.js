// Calls to the playground's server. Every call carries the X-Playground
// header, which the server requires of changes (see playground.go).

// reach calls the server; a server that does not answer at all has
// stopped, which the person is told in those words.
async function reach(path, init) {
  try {
    return await fetch(path, init);
  } catch {
    throw new Error('The demo server stopped, so this was not sent.');
  }
}

async function answer(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    // An empty or non-JSON answer: the status says enough.
  }
  if (!res.ok) {
    throw new Error((body && body.error) || `The playground answered ${res.status}.`);
  }
  return body;
}

// post sends a JSON body and returns the JSON answer; it throws an Error
// whose message is meant for the person.
export async function post(path, body) {
  const res = await reach(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Playground': '1' },
    body: JSON.stringify(body),
  });
  return answer(res);
}

// postForm sends a multipart form (photos and files).
export async function postForm(path, form) {
  const res = await reach(path, { method: 'POST', headers: { 'X-Playground': '1' }, body: form });
  return answer(res);
}

// fileURL is where the page loads a stored file from.
export function fileURL(fileID) {
  return `/playground/api/files/${encodeURIComponent(fileID)}`;
}
