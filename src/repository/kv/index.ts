export type { KvListKey, KvListOptions, KvListResult, KvNamespaceLike, KvPutOptions } from './namespace.js';
export { createKvRepository, kvCapabilities, type KvRepositoryOptions } from './repository.js';
export type { KvRetryPolicy } from './retry.js';
export { createKvReader, type KvHorizon, type KvPageRequest, type KvReader, type KvRecordPage } from './reader.js';
