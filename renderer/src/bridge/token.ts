// The browser host prints http://127.0.0.1:PORT/?token=...; the token is read once, kept for the
// tab's lifetime in sessionStorage, and removed from the address bar (and so from history).
const KEY = 'cleardesk.sessionToken';

export function takeSessionToken(
  location: Location = window.location,
  history: History = window.history,
): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  return sessionStorage.getItem(KEY);
}
