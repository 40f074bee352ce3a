import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestPlatform, seedBasicDirectory, type BasicDirectory, type TestPlatform } from '../../testing/harness.js';
import type { NotificationInput } from './index.js';
import { MAX_ATTEMPTS } from './mailer.js';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on a loopback port, without authentication or TLS, that keeps what it receives. */
let server: SMTPServer;
let port: number;
const inbox: Received[] = [];
/** Recipients the server refuses (to make sends fail). */
const refused = new Set<string>();

let t: TestPlatform;
let directory: BasicDirectory;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address)) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        inbox.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  port = (server.server.address() as AddressInfo).port;

  t = await createTestPlatform({ smtpUrl: `smtp://127.0.0.1:${port}`, smtpFrom: 'cloud@zhongshu.test' });
  directory = await seedBasicDirectory(t.platform);
  const emails: Record<string, string | null> = { own_admin: 'head@own.test', own_op: 'op@own.test', other_admin: 'head@other.test', other_op: null };
  for (const [username, email] of Object.entries(emails)) {
    await t.platform.ctx.db.updateTable('users').set({ email }).where('username', '=', username).execute();
  }
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  inbox.length = 0;
  refused.clear();
});

const userId = async (username: string) => (await t.platform.directory.service.findUserByUsername(username))!.id;
const notify = (input: NotificationInput) => t.platform.ctx.db.transaction().execute((trx) => t.platform.notifier.notify(trx, input));
const mailState = (title: string) =>
  t.platform.ctx.db.selectFrom('notifications').select(['mail_status', 'mail_attempts', 'mail_error']).where('title', '=', title).executeTakeFirstOrThrow();

/** The Subject header, unfolded and with its RFC 2047 encoded words decoded. */
function subjectOf(raw: string): string {
  const headers = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = headers.split(/\r?\n/).find((header) => /^subject:/i.test(header)) ?? '';
  return line
    .replace(/^subject:\s*/i, '')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_all, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'));
}

describe('the notification mailer', () => {
  it('sends a pending copy to the user\'s address with the title as the subject, and marks it sent', async () => {
    await notify({ to: { userId: await userId('own_op') }, kind: 'cloud.order.submitted', title: '订单 CO-20250101-000001 已提交', body: '请等待审批。', link: '/cloud/orders/1' });
    expect((await mailState('订单 CO-20250101-000001 已提交')).mail_status).toBe('pending');

    expect(await t.platform.notifier.sendPendingMail()).toBe(1);
    expect(inbox).toHaveLength(1);
    expect(inbox[0].to).toEqual(['op@own.test']);
    expect(inbox[0].from).toBe('cloud@zhongshu.test');
    expect(subjectOf(inbox[0].raw)).toBe('订单 CO-20250101-000001 已提交');
    expect(await mailState('订单 CO-20250101-000001 已提交')).toEqual({ mail_status: 'sent', mail_attempts: 1, mail_error: null });

    // Sent once: the next pass has nothing to do.
    expect(await t.platform.notifier.sendPendingMail()).toBe(0);
    expect(inbox).toHaveLength(1);
  });

  it('sends a role notification to every active holder of the role in the department', async () => {
    await notify({ to: { role: 'dept_admin', departmentId: directory.departments.own }, kind: 'cloud.approval.pending', title: 'approve-own' });
    await notify({ to: { role: 'dept_admin' }, kind: 'cloud.approval.pending', title: 'approve-all' });
    expect(await t.platform.notifier.sendPendingMail()).toBe(2);
    const bySubject = new Map(inbox.map((mail) => [subjectOf(mail.raw), [...mail.to].sort()]));
    expect(bySubject.get('approve-own')).toEqual(['head@own.test']);
    expect(bySubject.get('approve-all')).toEqual(['head@other.test', 'head@own.test']);
  });

  it('retries a refused copy and gives up after five attempts, keeping the error', async () => {
    refused.add('op@own.test');
    await notify({ to: { userId: await userId('own_op') }, kind: 'cloud.resource.failed', title: 'refused-copy' });
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await t.platform.notifier.sendPendingMail()).toBe(0);
      const state = await mailState('refused-copy');
      expect(state.mail_status).toBe('pending');
      expect(state.mail_attempts).toBe(attempt);
      expect(state.mail_error).toMatch(/550|Mailbox unavailable/);
    }
    await t.platform.notifier.sendPendingMail();
    const final = await mailState('refused-copy');
    expect(final.mail_status).toBe('failed');
    expect(final.mail_attempts).toBe(MAX_ATTEMPTS);
    expect(final.mail_error).toMatch(/550|Mailbox unavailable/);
    expect(inbox).toHaveLength(0);
  });

  it('fails a copy whose recipient has no address without stopping the others', async () => {
    await notify({ to: { userId: await userId('other_op') }, kind: 'cloud.order.approved', title: 'no-address' });
    await notify({ to: { userId: await userId('own_admin') }, kind: 'cloud.order.approved', title: 'has-address' });
    expect(await t.platform.notifier.sendPendingMail()).toBe(1);
    expect(await mailState('no-address')).toMatchObject({ mail_status: 'failed', mail_error: 'No recipient has an e-mail address.' });
    expect((await mailState('has-address')).mail_status).toBe('sent');
    expect(inbox.map((mail) => subjectOf(mail.raw))).toEqual(['has-address']);
  });

  it('keeps copies pending when the server cannot be reached, and does not throw', async () => {
    const closed = await createTestPlatform({ smtpUrl: 'smtp://127.0.0.1:1', smtpFrom: 'cloud@zhongshu.test' });
    try {
      await seedBasicDirectory(closed.platform);
      await closed.platform.ctx.db.updateTable('users').set({ email: 'op@own.test' }).where('username', '=', 'own_op').execute();
      const id = (await closed.platform.directory.service.findUserByUsername('own_op'))!.id;
      await closed.platform.ctx.db.transaction().execute((trx) => closed.platform.notifier.notify(trx, { to: { userId: id }, kind: 'test', title: 'unreachable' }));
      expect(await closed.platform.notifier.sendPendingMail()).toBe(0);
      const state = await closed.platform.ctx.db.selectFrom('notifications').select(['mail_status', 'mail_attempts', 'mail_error']).executeTakeFirstOrThrow();
      expect(state.mail_status).toBe('pending');
      expect(state.mail_attempts).toBe(1);
      expect(state.mail_error).toBeTruthy();
      expect(state.mail_error).not.toContain('smtp://');
    } finally {
      await closed.close();
    }
  });
});
