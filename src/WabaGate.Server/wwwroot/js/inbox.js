// The inbox page reloads itself (at most once a second) when the live event stream reports a message change.
const source = new EventSource('/api/v1/events/stream');
let pending = null;
const reload = () => {
  if (pending === null) {
    pending = setTimeout(() => window.location.reload(), 1000);
  }
};
source.addEventListener('message.received', reload);
source.addEventListener('message.status', reload);
window.addEventListener('pagehide', () => source.close());
