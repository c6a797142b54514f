/**
 * @postkit/redis: postkit's stores on Redis (through ioredis, the client BullMQ uses), for apps
 * that publish from several workers: {@link RedisTokenStore} (compare-and-set by revision, a
 * leased refresh lock), {@link RedisResumeStateStore}, {@link RedisIdempotencyStore}. The shared
 * rate-limit gates are in `@postkit/redis/tiktok` and `@postkit/redis/meta`.
 *
 * @packageDocumentation
 */
export type { RedisClient, RedisStoreOptions } from "./client.js";
export { RedisIdempotencyStore, type RedisIdempotencyStoreOptions } from "./idempotency-store.js";
export { RedisResumeStateStore, type RedisResumeStateStoreOptions } from "./resume-state-store.js";
export { RedisTokenStore, type RedisTokenStoreOptions } from "./token-store.js";
