// Alert e-mail over SMTP (docs/ARCHITECTURE.md, "Alerts"): nodemailer behind the core's AlertMailer port.
// Configured by CLEARDESK_SMTP_URL (smtp://[user@]host:port or smtps://), CLEARDESK_ALERT_FROM and
// CLEARDESK_ALERT_EMAIL, each winning over the admin's alert settings; the password comes from
// CLEARDESK_SMTP_PASSWORD or the OS keychain (`cleardesk connect smtp`), only when the URL names a user,
// and is read when a message goes out. No message or error it returns ever holds the password.
import nodemailer from 'nodemailer';
import type { AlertMail, AlertMailer } from '../../shared/ports';
import { checkSmtpUrl } from '../connectors/connection-url';
import type { Vault } from '../secrets';
import type { AlertMailSource } from '../core/alerts/alerts';

/** How long ClearDesk waits for the mail server at each step before the alert is recorded as failed. */
const TIMEOUT_MS = 30_000;

export interface AlertMailOptions {
  readonly env: Record<string, string | undefined>;
  /** The vault holding 'smtp.password' for the profile (the OS keychain unless CLEARDESK_VAULT=env). */
  readonly vault: () => Vault;
  readonly profile: string;
}

const value = (text: string | undefined): string | null => text?.trim() || null;

/** The password of the user in the SMTP URL: CLEARDESK_SMTP_PASSWORD first, then the vault. */
async function passwordOf(options: AlertMailOptions): Promise<string | null> {
  const fromEnv = options.env.CLEARDESK_SMTP_PASSWORD;
  if (fromEnv) return fromEnv;
  const secret = await options.vault().get(options.profile, 'smtp.password');
  return secret ? secret.reveal() : null;
}

/** The text of an error with every occurrence of the password masked, should a server ever echo it. */
function scrub(text: string, password: string | null): string {
  return password ? text.split(password).join('[redacted]') : text;
}

export function smtpMailer(smtpUrl: string, source: string, options: AlertMailOptions): AlertMailer {
  // Checked now, so a refused URL is reported as such before any message is composed.
  const shape = checkSmtpUrl(smtpUrl, source, false);
  return {
    async send(mail: AlertMail): Promise<void> {
      let password: string | null = null;
      try {
        if (shape.user) {
          password = await passwordOf(options);
          if (!password)
            throw new Error(
              `The SMTP user ${shape.user} has no password: save it with \`cleardesk connect smtp\` or set CLEARDESK_SMTP_PASSWORD.`,
            );
        }
        const endpoint = checkSmtpUrl(smtpUrl, source, password !== null);
        const transport = nodemailer.createTransport({
          host: endpoint.host,
          port: endpoint.port,
          secure: endpoint.secure,
          requireTLS: endpoint.requireTls,
          ...(endpoint.user && password ? { auth: { user: endpoint.user, pass: password } } : {}),
          connectionTimeout: TIMEOUT_MS,
          greetingTimeout: TIMEOUT_MS,
          socketTimeout: TIMEOUT_MS,
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        try {
          await transport.sendMail({
            from: mail.from,
            to: [...mail.to],
            subject: mail.subject,
            text: mail.text,
            attachments: (mail.attachments ?? []).map((a) => ({
              filename: a.fileName,
              contentType: a.contentType,
              content: Buffer.from(a.content),
            })),
          });
        } finally {
          transport.close();
        }
      } catch (e) {
        throw new Error(scrub(e instanceof Error ? e.message : String(e), password));
      }
    },
  };
}

/** Where alerts go as this host's environment says; the core falls back to the admin's settings. */
export function alertMailSource(options: AlertMailOptions): AlertMailSource {
  return {
    smtpUrl: value(options.env.CLEARDESK_SMTP_URL),
    from: value(options.env.CLEARDESK_ALERT_FROM),
    adminEmail: value(options.env.CLEARDESK_ALERT_EMAIL),
    mailerFor: (smtpUrl, source) => smtpMailer(smtpUrl, source, options),
  };
}
