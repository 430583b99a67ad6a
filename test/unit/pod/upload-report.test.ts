import { describe, expect, it } from 'vitest';
import type { SyncProgress } from '../../../src/pod/sync.js';
import { progressPacer, syncProgressText, uploadSentText } from '../../../src/pod/upload-report.js';

const sending = (bytesDone: number): SyncProgress => ({ phase: 'uploading', filesDone: 1, filesTotal: 4, bytesDone, bytesTotal: 4 * 1024 * 1024, rate: 1024 * 1024, etaSeconds: 3, current: 'a.jpg' });

describe('upload progress', () => {
  it('reads as percentage, bytes, files, rate and time left', () => {
    expect(syncProgressText(sending(1024 * 1024))).toBe(' 25%  1.0 MB / 4.0 MB  1/4 files  1.0 MB/s  ETA 0:03');
    expect(syncProgressText({ ...sending(0), phase: 'comparing' })).toBe('comparing with the pod…');
  });
  it('a terminal redraws at most ten times a second, phase changes at once', () => {
    let now = 0;
    const pace = progressPacer(true, () => now);
    expect(pace(sending(1))).not.toBeNull();
    now = 50;
    expect(pace(sending(2))).toBeNull();
    expect(pace({ ...sending(2), phase: 'verifying' })).toBe('verifying hashes on the pod…');
    now = 200;
    expect(pace(sending(3))).not.toBeNull();
  });
  it('a log gets a sending line every 2 s and nothing for the short phases', () => {
    let now = 0;
    const pace = progressPacer(false, () => now);
    expect(pace({ ...sending(0), phase: 'hashing' })).toBeNull();
    now = 2500;
    expect(pace(sending(1))).toContain('1/4 files');
    now = 3000;
    expect(pace(sending(2))).toBeNull();
    now = 4600;
    expect(pace(sending(3))).toContain('1/4 files');
  });
  it('the result reads the same in the command and on the Pod screen', () => {
    expect(uploadSentText({ uploaded: [], skipped: 6, bytesSent: 0, seconds: 0.2 })).toBe('0 files sent (0 B), 6 unchanged, hashes verified');
    expect(uploadSentText({ uploaded: ['a.jpg'], skipped: 0, bytesSent: 2048, seconds: 1 })).toBe('1 file sent (2.0 KB, 2.0 KB/s), 0 unchanged, hashes verified');
  });
});
