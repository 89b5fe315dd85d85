// Where alert e-mails go out (docs/ARCHITECTURE.md, "Alerts"): the host implements it with nodemailer over
// SMTP (electron/hosts/alert-mail.ts); the core composes the message and never sees the transport or
// its password.

export interface AlertMailAttachment {
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

export interface AlertMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  /** Files sent with it (the daily journal report's); alerts carry none. */
  readonly attachments?: readonly AlertMailAttachment[];
}

export interface AlertMailer {
  /** Sends one message; rejects with the SMTP server's error, which never holds the password. */
  send(mail: AlertMail): Promise<void>;
}

/** Where the admin's SMTP password is kept (the host's vault: the OS keychain); it is never read back to a screen. */
export interface AlertMailSecret {
  /** Keeps the password for the alert mail server; rejects when the vault cannot keep it (read-only, unavailable). */
  save(password: string): Promise<void>;
}
