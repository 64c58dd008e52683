// Outgoing mail over SMTP_URL (nodemailer). One transport per process.
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "~/env.server";

export type MailTransport = { send(mail: { from: string; to: string; subject: string; text: string; html?: string | null }): Promise<{ messageId: string }> };

let transporter: Transporter | undefined;

export function smtpTransport(): MailTransport {
  transporter ??= nodemailer.createTransport(env.SMTP_URL);
  return {
    async send(mail) {
      const info = await transporter!.sendMail({ ...mail, html: mail.html ?? undefined });
      return { messageId: info.messageId };
    },
  };
}
