import type { Message } from '../../src/domain/model.js';
import type { AttachmentOutcome } from '../../src/migration/plan.js';

/**
 * What happens to a message's attachments when it is written. Parley's messages reference
 * attachment records Parley stores (docs/media.md), so a source URL cannot be kept as it is
 * (`src/migration/plan.ts` `linkAttachment` leaves it out); the one sink today is `linkAttachments`:
 * the message goes out as planned and every attachment is listed in `attachments.jsonl`.
 *
 * The copy step (`--media <folder|s3://bucket/prefix>`) belongs here once Parley stores media itself
 * (issue 13: attachment records with ids, object storage, processing): a sink that, per attachment,
 * reads the bytes from the source folder or bucket, puts them into Parley's media store under a key
 * derived from the message id and the attachment's index (so a re-run or a resumed run finds them
 * there and copies nothing twice), records the attachment, and returns the message referencing the
 * attachment ids. Until then `--media` is refused with that explanation.
 */
export interface AttachmentSink {
  readonly name: string;
  carry(message: Message, attachments: AttachmentOutcome[]): Promise<Message>;
}

export const linkAttachments: AttachmentSink = {
  name: 'list (URL attachments left out of messages; every one listed in attachments.jsonl)',
  carry: async (message) => message,
};
