import { describe, expect, it } from 'vitest';
import { MailboxFullError } from './host.errors.ts';
import { Mailbox } from './mailbox.ts';

function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('Mailbox', () => {
  it('runs tasks one at a time in the order they were posted', async () => {
    const mailbox = new Mailbox('e1', 100);
    const log: string[] = [];
    let running = 0;
    const tasks = Array.from({ length: 20 }, (_, i) =>
      mailbox.post(async () => {
        running += 1;
        expect(running).toBe(1);
        log.push(`start ${i}`);
        for (let tick = 0; tick < (i % 3) + 1; tick += 1) await new Promise((resolve) => setImmediate(resolve));
        log.push(`end ${i}`);
        running -= 1;
        return i;
      }),
    );
    expect(await Promise.all(tasks)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(log).toEqual(Array.from({ length: 20 }, (_, i) => [`start ${i}`, `end ${i}`]).flat());
    expect(mailbox.pending).toBe(0);
  });

  it('refuses a task beyond its capacity without queuing it', async () => {
    const mailbox = new Mailbox('e1', 2);
    const blocker = gate();
    const ran: number[] = [];
    const first = mailbox.post(async () => {
      await blocker.promise;
      ran.push(1);
    });
    const second = mailbox.post(async () => {
      ran.push(2);
    });
    expect(mailbox.pending).toBe(2);
    let thrown: unknown;
    try {
      mailbox.post(async () => {
        ran.push(3);
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MailboxFullError);
    expect(thrown).toMatchObject({ code: 'host.mailbox-full', entityId: 'e1', capacity: 2 });
    blocker.open();
    await Promise.all([first, second]);
    expect(ran).toEqual([1, 2]);
    await mailbox.post(async () => {
      ran.push(4);
    });
    expect(ran).toEqual([1, 2, 4]);
  });

  it('keeps going after a task fails, and the failure reaches only its caller', async () => {
    const mailbox = new Mailbox('e1', 10);
    const failed = mailbox.post(async () => {
      throw new Error('boom');
    });
    const next = mailbox.post(async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    await mailbox.drained();
    expect(mailbox.pending).toBe(0);
  });
});
