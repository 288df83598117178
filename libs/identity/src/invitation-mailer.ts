import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { APP_CONFIG } from '@app/core';
import type { AppConfig } from '@app/core';

/** What an invitation e-mail says. */
export interface InvitationMail {
  to: string;
  displayName: string;
  organisation: string;
  link: string;
  expiresAt: Date;
}

/**
 * Sends invitation e-mails through SMTP_URL (nodemailer). Without SMTP_URL nothing is sent and the operator
 * hands the link out with `npm run cli -- invitation-link <email>`.
 */
@Injectable()
export class InvitationMailer implements OnModuleDestroy {
  private transport: Transporter | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get configured(): boolean {
    return Boolean(this.config.SMTP_URL);
  }

  async send(mail: InvitationMail): Promise<void> {
    if (!this.config.SMTP_URL) throw new Error('SMTP_URL is not configured');
    // The send runs before the inviting request answers: a mail server that does not answer must not hold it
    // for nodemailer's defaults (2 minutes to connect, 10 of silence). A failed send is logged; the CLI re-issues.
    this.transport ??= nodemailer.createTransport({
      url: this.config.SMTP_URL,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    await this.transport.sendMail({
      from: this.config.MAIL_FROM,
      to: mail.to,
      subject: `Your account at ${mail.organisation}`,
      text: [
        `Hello ${mail.displayName},`,
        '',
        `you have been invited to the AI model adoption governance service of ${mail.organisation}.`,
        'Open this link to choose your password (it works once):',
        '',
        mail.link,
        '',
        `The link expires at ${mail.expiresAt.toISOString()}. If you did not expect this, ignore this message.`,
      ].join('\n'),
    });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
