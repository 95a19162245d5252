import nodemailer from 'nodemailer';

/** One e-mail as the notifier writes it. */
export interface AlertMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  /** Same on every retry of a notification, so a receiving system can drop repeats. */
  readonly messageId: string;
}

/** What sends an e-mail: SMTP in production (`smtpTransport`), anything with the same shape elsewhere. */
export interface AlertMailTransport {
  send(mail: AlertMail): Promise<void>;
  close(): void;
}

/** An SMTP transport for `ORDINAL_SMTP_URL` (`smtp://user:pass@host:587`, `smtps://…` for TLS from the start). */
export function smtpTransport(url: string): AlertMailTransport {
  const transport = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transport.sendMail({
        from: mail.from,
        to: [...mail.to],
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
      });
    },
    close: () => transport.close(),
  };
}
