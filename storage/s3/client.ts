// One place that builds S3 clients for storage, so every S3-compatible store gets the same three switches.
import { S3Client } from '@aws-sdk/client-s3';

export interface S3ClientOptions {
  readonly region: string;
  /** Endpoint of an S3-compatible store; undefined for AWS itself. */
  readonly endpoint?: string;
  /** Path-style URLs (`http://host/bucket/key`), needed by most S3-compatible stores. */
  readonly forcePathStyle: boolean;
  /**
   * Send and check checksums only when an API requires them. The SDK's default streams uploads with aws-chunked
   * framing and trailing checksums, which s3rver (and some other S3-compatible stores) store as the object body.
   */
  readonly checksumsWhenRequiredOnly: boolean;
  /** Explicit keys (tests, or a key pair from the config's environment); otherwise the AWS default chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** Attempts of each request inside the SDK (its own quick retries, before the sink's backoff). */
  readonly maxAttempts?: number;
}

export function createS3Client(options: S3ClientOptions): S3Client {
  return new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: options.credentials,
    maxAttempts: options.maxAttempts ?? 3,
    ...(options.checksumsWhenRequiredOnly
      ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
      : {}),
  });
}

/** S3 errors that a later attempt may get past: network failures, timeouts, throttling, 5xx. */
export function isTransientS3Error(error: unknown): boolean {
  const candidate = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const status = candidate.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500 || status === 429 || status === 408;
  if (candidate.$retryable) return true;
  const code = candidate.code ?? '';
  return ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'TimeoutError'].includes(code) ||
    candidate.name === 'TimeoutError';
}

/** Splits `s3://bucket/some/prefix/` into bucket and key prefix. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!match) throw new Error(`"${url}" is not an s3://bucket/prefix URL`);
  return { bucket: match[1]!, prefix: match[2]! };
}
