// The inbox page reloads itself (at most once a second) when the live event stream reports a message change —
// but never under someone writing a reply: while the reply box has focus or text, the reload waits.
const source = new EventSource('/api/v1/events/stream');
let pending = null;
const writing = () => {
  const box = document.querySelector('.reply textarea');
  return box !== null && (document.activeElement === box || box.value.trim() !== '');
};
const attempt = () => {
  if (writing()) {
    pending = setTimeout(attempt, 1000);
    return;
  }
  window.location.reload();
};
const reload = () => {
  if (pending === null) {
    pending = setTimeout(attempt, 1000);
  }
};
source.addEventListener('message.received', reload);
source.addEventListener('message.status', reload);
window.addEventListener('pagehide', () => source.close());
