/**
 * Why a source document is not migrated. Every rejection names its rule with a stable code (reports
 * group by it) and, where one field is to blame, that field; the detail is for people.
 */
export type RejectionCode =
  /** The input is not a document at all (unparsable JSON, corrupt BSON). */
  | 'unreadable'
  | 'missing-field'
  | 'wrong-type'
  | 'invalid-value'
  /** An `_id` (or a reference) of a type the mapping cannot turn into a Parley id. */
  | 'invalid-id'
  /** A second document with an id already taken (after mapping: an ObjectId and a string with the same hex). */
  | 'duplicate-id'
  | 'body-too-long'
  | 'empty-body'
  | 'too-many-participants'
  | 'too-many-attachments'
  | 'conversation-missing'
  | 'author-missing'
  | 'author-not-member'
  /** The record would not fit the target (DynamoDB's 400 KB item, BSON's 16 MiB document). */
  | 'too-large';

export class Rejection extends Error {
  override readonly name = 'Rejection';
  constructor(
    readonly code: RejectionCode,
    readonly field: string | null,
    detail: string,
  ) {
    super(detail);
  }
}
