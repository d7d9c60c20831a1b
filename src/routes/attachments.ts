import { AN_ATTACHMENT, A_CONVERSATION } from './addressed.js';
import { isMediaType, LIMITS, MEDIA_TYPES } from '../domain/rules.js';
import { HttpProblem } from '../http/problem.js';
import { jsonReply } from '../http/reply.js';
import { uploadKey, variantKey } from '../media/keys.js';
import { live, pendingAttachment } from '../media/records.js';
import type { MediaStore } from '../media/store.js';
import { AttachmentViewSchema, CreateAttachmentSchema, CreatedAttachmentSchema } from '../schemas/attachments.js';
import { timestamp, visibleConversation } from './access.js';
import { defineOperation } from './operation.js';
import type { Services } from './services.js';

export function mediaOf(services: Services): MediaStore {
  if (services.media) return services.media;
  throw new HttpProblem('service-unavailable', 'This deployment has no media store configured.');
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

export const createAttachment = defineOperation(
  {
    operationId: 'createAttachment',
    route: 'POST /v1/conversations/{conversationId}/attachments',
    summary: 'Start an upload (participants only)',
    description: 'Media types, limits and processing: docs/media.md.',
    ...A_CONVERSATION,
    body: CreateAttachmentSchema,
    idempotent: true,
    responses: { 201: { description: 'Upload as `upload` says.', schema: CreatedAttachmentSchema } },
    problems: ['payload-too-large', 'unsupported-media-type', 'service-unavailable'],
    tag: 'attachments',
  },
  async ({ services, caller, params, body, commit }) => {
    const media = mediaOf(services);
    const maxBytes = services.config.media?.maxBytes ?? LIMITS.mediaMaxBytes;
    if (!isMediaType(body.mediaType)) {
      throw new HttpProblem(
        'unsupported-media-type',
        `${body.mediaType} is not accepted; use one of ${Object.keys(MEDIA_TYPES).join(', ')}.`,
      );
    }
    if (body.size > maxBytes) {
      throw new HttpProblem(
        'payload-too-large',
        `An attachment is at most ${maxBytes} bytes; this one is ${body.size}.`,
      );
    }
    await visibleConversation(services.repository, params.conversationId, caller);
    const now = services.now();
    const attachment = pendingAttachment(
      {
        id: services.newId(),
        conversationId: params.conversationId,
        uploaderId: caller,
        mediaType: body.mediaType,
        size: body.size,
        name: body.name ?? null,
      },
      now,
    );
    const ticket = await media.presignUpload({
      key: uploadKey(attachment.conversationId, attachment.id),
      mediaType: attachment.mediaType,
      size: attachment.size,
      expiresIn: LIMITS.uploadUrlSeconds,
    });
    const expiresAt = timestamp(new Date(now.getTime() + LIMITS.uploadUrlSeconds * 1000));
    const reply = jsonReply(
      201,
      { attachment, upload: { ...ticket, expiresAt } },
      { location: `/v1/conversations/${attachment.conversationId}/attachments/${attachment.id}` },
    );
    await commit(reply, (completion) => services.repository.createAttachment(attachment, completion));
    return reply;
  },
);

export const getAttachment = defineOperation(
  {
    operationId: 'getAttachment',
    route: 'GET /v1/conversations/{conversationId}/attachments/{attachmentId}',
    summary: 'Read an attachment; once ready, download URLs',
    ...AN_ATTACHMENT,
    responses: { 200: { description: 'The attachment.', schema: AttachmentViewSchema } },
    problems: ['service-unavailable'],
    tag: 'attachments',
  },
  async ({ services, caller, params, found }) => {
    const media = mediaOf(services);
    const [, stored] = await Promise.all([
      visibleConversation(services.repository, params.conversationId, caller),
      services.repository.getAttachment(params.conversationId, params.attachmentId),
    ]);
    const now = services.now();
    const attachment = found(live(stored, seconds(now)));
    if (attachment.state !== 'ready') return jsonReply(200, { attachment });
    const expiresIn = LIMITS.downloadUrlSeconds;
    const file = MEDIA_TYPES[attachment.mediaType as keyof typeof MEDIA_TYPES] === 'file';
    const options = { expiresIn, ...(file ? { downloadName: attachment.name ?? attachment.id } : {}) };
    const url = (variant: 'original' | 'thumbnail') =>
      media.presignDownload(variantKey(attachment.conversationId, attachment.id, variant), options);
    const [original, thumbnail] = await Promise.all([
      url('original'),
      attachment.variants.includes('thumbnail') ? url('thumbnail') : undefined,
    ]);
    const expiresAt = timestamp(new Date(now.getTime() + expiresIn * 1000));
    return jsonReply(200, { attachment, urls: { original, ...(thumbnail ? { thumbnail } : {}), expiresAt } });
  },
);
