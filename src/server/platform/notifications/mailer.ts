/**
 * The e-mail copies of console notifications: an outbox (notifications.mail_status = 'pending') drained by a poll
 * loop through nodemailer. A copy goes to the recipient's address (users.email), or for a role target to every
 * active holder of the role (in the department when one is set), in Bcc so holders do not see each other's address.
 * A failed send is tried again on the next pass, up to MAX_ATTEMPTS; the error is kept on the row.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppContext } from '../context.js';
import type { Executor } from '../db/database.js';
import { PollLoop } from '../poll-loop.js';
import { lockNextPendingMail, recipientAddresses, setMailOutcome, type NotificationRow } from './repository.js';

export const MAX_ATTEMPTS = 5;
export const MAIL_POLL_MS = 5_000;
/** Copies sent per pass at most, so one pass never runs for long. */
const BATCH = 100;

export class Mailer {
  private transport: Transporter | undefined;
  private readonly loop: PollLoop;
  private draining: Promise<number> | undefined;

  constructor(private readonly ctx: Pick<AppContext, 'config' | 'db' | 'dbKind' | 'log'>) {
    this.loop = new PollLoop({
      intervalMs: MAIL_POLL_MS,
      tick: () => this.sendPending(),
      onError: (error) => this.ctx.log.error({ err: error }, 'notification mailer pass failed'),
    });
  }

  get configured(): boolean {
    return this.ctx.config.smtpUrl !== undefined;
  }

  start(): void {
    if (this.configured) this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.draining;
    this.transport?.close();
    this.transport = undefined;
  }

  /** Sends pending copies; a pass already under way in this process is joined rather than doubled. */
  sendPending(): Promise<number> {
    if (!this.configured) return Promise.resolve(0);
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async drain(): Promise<number> {
    let sent = 0;
    const tried: string[] = [];
    for (let i = 0; i < BATCH; i++) {
      const outcome = await this.claim((db) => this.sendOne(db, tried));
      if (outcome === 'none') break;
      if (outcome === 'sent') sent += 1;
    }
    return sent;
  }

  /**
   * On PostgreSQL several nodes may drain the outbox: the copy's row stays locked (FOR UPDATE SKIP LOCKED) while it
   * is sent, so no two nodes send it. The embedded database serves one process whose passes never overlap, and there
   * a transaction held across network I/O would hold every other query of the process, so no transaction is opened.
   */
  private claim<T>(work: (db: Executor) => Promise<T>): Promise<T> {
    return this.ctx.dbKind === 'postgres' ? this.ctx.db.transaction().execute(work) : work(this.ctx.db);
  }

  private async sendOne(db: Executor, tried: string[]): Promise<'none' | 'sent' | 'failed'> {
    const row = await lockNextPendingMail(db, tried);
    if (!row) return 'none';
    tried.push(row.id);
    const attempts = row.mail_attempts + 1;
    const addresses = await recipientAddresses(db, row);
    if (addresses.length === 0) {
      // Nobody to write to: trying again would not change that.
      await setMailOutcome(db, row.id, { status: 'failed', attempts, error: 'No recipient has an e-mail address.' });
      return 'failed';
    }
    try {
      await this.transporter().sendMail(this.message(row, addresses));
      await setMailOutcome(db, row.id, { status: 'sent', attempts, error: null });
      return 'sent';
    } catch (error) {
      const message = describe(error);
      await setMailOutcome(db, row.id, { status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending', attempts, error: message });
      this.ctx.log.warn({ notificationId: row.id, attempts, error: message }, 'notification e-mail not sent');
      return 'failed';
    }
  }

  private message(row: NotificationRow, addresses: string[]) {
    const link = row.link ? (this.ctx.config.publicUrl ? new URL(row.link, this.ctx.config.publicUrl).toString() : row.link) : null;
    const text = [row.body, row.title_en && row.title_en !== row.title ? row.title_en : null, link].filter((part) => part).join('\n\n');
    const recipients = addresses.length === 1 ? { to: addresses[0] } : { bcc: addresses };
    return { from: this.ctx.config.smtpFrom, ...recipients, subject: row.title, text: text || row.title };
  }

  private transporter(): Transporter {
    // Short timeouts: an unreachable server costs a pass seconds, not minutes.
    this.transport ??= nodemailer.createTransport({ url: this.ctx.config.smtpUrl!, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    return this.transport;
  }
}

/** The error's own message, without the transport's settings (the SMTP URL may hold a password). */
function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/smtps?:\/\/\S+/gi, 'smtp://…').slice(0, 500);
}
