/** @group Uploads */
export interface UploadProgress {
  /** Bytes the platform has acknowledged. */
  bytesSent: number;
  /** The size of the whole upload in bytes. */
  totalBytes: number;
}

/** Called after every acknowledged chunk. @group Uploads */
export type ProgressListener = (progress: UploadProgress) => void;
