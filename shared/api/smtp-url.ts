// What an alert SMTP server URL may be (docs/ARCHITECTURE.md, "Alerts"): smtp:// or smtps://, a host, a
// user name at most, never a password (that is kept in the OS keychain or CLEARDESK_SMTP_PASSWORD).
// The settings schema asks it for what an admin types; electron/connectors/connection-url.ts asks it
// for CLEARDESK_SMTP_URL before the host connects. Messages never repeat the URL (it may hold a password).

/** Why `text` is not an SMTP URL ClearDesk accepts, in words; null when it is one. */
export function smtpUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return 'The SMTP server is not a URL ClearDesk can read; write smtp://host:port or smtps://host:port.';
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    return `The SMTP server must start with smtp:// or smtps://, not ${url.protocol}//.`;
  if (!url.hostname) return 'The SMTP server URL names no host; write smtp://host:port.';
  if (url.password)
    return 'The SMTP server URL holds a password: remove it, and keep the password in the OS keychain (cleardesk connect smtp) or in CLEARDESK_SMTP_PASSWORD.';
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash)
    return 'The SMTP server URL has a path or query; write only smtp://[user@]host:port.';
  return null;
}
