// @postkit/core: the provider contract and the machinery platform packages share.
// Every export is listed by name: nothing internal leaks through `export *`.

// The provider contract (v1)
export {
  type AuthorizationUrlInput,
  type CallOptions,
  CONTRACT_VERSION,
  type ListOptions,
  type LoginStart,
  type PhotoPublishInput,
  type Profile,
  type Provider,
  type ResumeUploadInput,
  type VideoPublishInput,
  type WaitOptions,
} from "./provider.js";
export {
  type Account,
  type ConnectResult,
  type Connection,
  type Credentials,
  credentialKeyOf,
  type PlatformId,
} from "./contract/account.js";
export { iteratePages, type Page } from "./contract/page.js";
export {
  createPublishJob,
  isSettled,
  type PublishJob,
  type PublishOutcome,
  updatePublishJob,
} from "./contract/publish-job.js";
export {
  fingerprint,
  type IdempotencyRecord,
  type IdempotencyStore,
  type IdempotentPublish,
  MemoryIdempotencyStore,
  publishOnce,
} from "./contract/idempotency.js";
export {
  assertCapability,
  type Capability,
  type CapabilityManifest,
  capabilityTable,
  type StandardOperation,
} from "./contract/capabilities.js";
export {
  type CredentialResolver,
  type CredentialResolverOptions,
  createCredentialResolver,
} from "./contract/credential-resolver.js";
export { type Clock, systemClock } from "./poll/clock.js";
export { type PollOptions, pollUntil } from "./poll/poll.js";

// Errors
export { ErrorCode, type NextStep } from "./errors/codes.js";
export { PostkitError, type PostkitErrorOptions } from "./errors/postkit-error.js";
export { type AnyPostkitError, type ErrorForCode, isPostkitError } from "./errors/guard.js";
export { OAuthError, type OAuthErrorCode, type OAuthErrorOptions } from "./errors/oauth-error.js";
export { ScopeError } from "./errors/scope-error.js";
export { ValidationError, type ValidationIssue } from "./errors/validation-error.js";
export { ResponseShapeError } from "./errors/response-shape-error.js";
export { HttpError, type HttpErrorDetails } from "./errors/http-error.js";
export { RateLimitError, type RateLimitErrorOptions } from "./errors/rate-limit-error.js";
export { NetworkError } from "./errors/network-error.js";
export {
  PlatformError,
  type PlatformErrorCode,
  type PlatformErrorOptions,
} from "./errors/platform-error.js";
export { UploadError } from "./errors/upload-error.js";
export { SecurityError, type SecurityErrorCode } from "./errors/security-error.js";
export { SourceError, type SourceErrorCode } from "./errors/source-error.js";
export { StoreError } from "./errors/store-error.js";
export { ConflictError, type ConflictErrorCode } from "./errors/conflict-error.js";
export { CapabilityError } from "./errors/capability-error.js";

// OAuth
export { generateState } from "./oauth/state.js";
export {
  base64UrlPkce,
  createCodeChallenge,
  generateCodeVerifier,
  hexPkce,
  type PkceEncoding,
} from "./oauth/pkce.js";
export {
  assertScopes,
  commaSeparatedScopes,
  missingScopes,
  type ScopeStyle,
  spaceSeparatedScopes,
} from "./oauth/scopes.js";
export {
  type AuthorizationRequest,
  type AuthorizationUrlOptions,
  createAuthorizationRequest,
} from "./oauth/authorization-url.js";
export { type CallbackOptions, type CallbackResult, validateCallback } from "./oauth/callback.js";
export {
  type ClientAuthentication,
  type ClientCredentials,
  oauthErrorFromResponse,
  requestTokenEndpoint,
  type TokenEndpointRequest,
} from "./oauth/token-endpoint.js";

// Tokens
export {
  isTokenExpired,
  parseTokenSet,
  type TokenResponseOptions,
  type TokenSet,
  tokenSetFromResponse,
} from "./tokens/token-set.js";
export {
  type StoredTokens,
  type TokenStore,
  type TokenStoreLock,
  type TokenStoreLockOptions,
  replaceStoredTokens,
} from "./tokens/token-store.js";
export { MemoryTokenStore } from "./tokens/memory-token-store.js";
export {
  type CredentialSource,
  type CredentialSourceOptions,
  createCredentialSource,
  isCredentialSource,
  type RenewalKind,
} from "./tokens/credential-source.js";
export type { LoginSession } from "./oauth/login-session.js";
export {
  type CheckLoginSessionOptions,
  type CreateLoginSessionOptions,
  checkLoginSession,
  createLoginSession,
} from "./oauth/login-session.js";
export {
  type LoginSessionKey,
  type OpenLoginSessionOptions,
  openLoginSession,
  sealLoginSession,
} from "./oauth/sealed-session.js";

// HTTP
export {
  type AttemptEnd,
  type AttemptInfo,
  createHttpClient,
  type HttpClient,
  type HttpHooks,
  type HttpOptions,
  type HttpRequest,
  type HttpResponse,
  type ResponseContext,
} from "./http/client.js";
export {
  backoffDelay,
  defaultRetryPolicy,
  isRetryableStatus,
  parseRetryAfter,
  type RetryAttempt,
  type RetryOptions,
  type RetryPolicy,
  resolveRetryPolicy,
  withRetry,
} from "./http/retry.js";
export type { Logger } from "./http/logger.js";
export {
  REDACTED,
  redactForm,
  redactHeaders,
  redactText,
  redactUrl,
  redactValue,
} from "./http/redact.js";
export {
  assertTrustedUrl,
  isTrustedUrl,
  originForMessage,
  type TrustedHosts,
} from "./http/trusted-url.js";
export { DEFAULT_MAX_BODY_BYTES, readBodyText } from "./http/body.js";
export { sleep } from "./http/sleep.js";

// Validation
export { parseInput, parseResponse, type Schema } from "./validation/parse.js";

// Uploads
export type { UploadSource } from "./upload/source.js";
export type { ProgressListener, UploadProgress } from "./upload/progress.js";
export { parseResumeState, type ResumeState } from "./upload/resume-state.js";
export {
  fromBlob,
  fromBytes,
  fromStream,
  type SourceOptions,
  type StreamSourceOptions,
} from "./upload/sources.js";
export {
  type ChunkPlan,
  type ChunkRange,
  type ChunkRemainder,
  chunkContaining,
  type PlanChunksOptions,
  planChunks,
  roundDownToMultiple,
  roundUpToMultiple,
} from "./upload/chunks.js";
export { type RunUploadOptions, runUpload } from "./upload/engine.js";
export type {
  UploadChunk,
  UploadFailure,
  UploadProtocol,
  UploadStep,
  UploadStreamBody,
} from "./upload/protocol.js";
