import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, VersionMismatchError } from '../../../src/repository/errors.js';
import type { ContractContext } from './fixtures.js';
import * as records from './fixtures.js';

export function attachmentCases({ repository: repo }: ContractContext): void {
  async function pending() {
    const conversation = records.makeConversation(records.newId(), []);
    await repo.createConversation(conversation);
    const attachment = records.makeAttachment(conversation.id, conversation.createdBy);
    await repo.createAttachment(attachment);
    return attachment;
  }

  describe('attachments', () => {
    it('stores a record and reads it back equal, by conversation and id only', async () => {
      const attachment = await pending();
      expect(await repo.getAttachment(attachment.conversationId, attachment.id)).toStrictEqual(attachment);
      expect(await repo.getAttachment(records.newId(), attachment.id)).toBeNull();
      expect(await repo.getAttachment(attachment.conversationId, records.newId())).toBeNull();
    });

    it('refuses an id that is taken and keeps the first record', async () => {
      const attachment = await pending();
      await records.expectRejection(repo.createAttachment({ ...attachment, size: 1 }), ConflictError, {
        reason: 'exists',
      });
      expect(await repo.getAttachment(attachment.conversationId, attachment.id)).toStrictEqual(attachment);
    });

    it('records the completion with the record', async () => {
      const conversation = records.makeConversation(records.newId(), []);
      await repo.createConversation(conversation);
      const { claim, completion } = await records.claimed(repo);
      const attachment = records.makeAttachment(conversation.id, conversation.createdBy);
      await repo.createAttachment(attachment, completion);
      const replay = await repo.claimIdempotencyKey({ ...claim, token: `token-${records.newId()}` });
      expect(replay.claimed).toBe(false);
      if (!replay.claimed) expect(replay.existing.response).toStrictEqual(completion.response);
    });

    it('settles pending → ready once: the same transition again is a version mismatch and changes nothing', async () => {
      const attachment = await pending();
      const ready = {
        ...attachment,
        state: 'ready' as const,
        width: 640,
        height: 480,
        bytes: 1234,
        sha256: 'c'.repeat(64),
        variants: ['original' as const, 'thumbnail' as const],
        version: 2,
      };
      await repo.updateAttachment(ready, 1);
      expect(await repo.getAttachment(attachment.conversationId, attachment.id)).toStrictEqual(ready);
      const rejected = { ...attachment, state: 'rejected' as const, reason: 'late duplicate', version: 2 };
      await records.expectRejection(repo.updateAttachment(rejected, 1), VersionMismatchError);
      expect(await repo.getAttachment(attachment.conversationId, attachment.id)).toStrictEqual(ready);
    });

    it('is NotFound when updating a record that does not exist', async () => {
      const attachment = records.makeAttachment(records.newId(), records.newId());
      await records.expectRejection(repo.updateAttachment({ ...attachment, version: 2 }, 1), NotFoundError);
      expect(await repo.getAttachment(attachment.conversationId, attachment.id)).toBeNull();
    });

    it('keeps attachments out of the message timeline', async () => {
      const attachment = await pending();
      expect((await repo.listMessages(attachment.conversationId, { limit: 10 })).items).toEqual([]);
    });
  });
}
