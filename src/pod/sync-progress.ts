/** How far an upload is, as reported to every face while it runs. */
export interface SyncProgress {
  phase: 'hashing' | 'comparing' | 'uploading' | 'verifying' | 'deleting' | 'done';
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second, smoothed; 0 until measured. */
  rate: number;
  /** Seconds left, null until a rate is known. */
  etaSeconds: number | null;
  current?: string;
}
