import { describe, expect, it } from 'vitest';
import { NO_SAVE_WARNING, stopMessage, stopSummary } from '../../../src/pod/stop.js';

describe('stop outcome', () => {
  it('a clean stop says the exit code and that nothing was saved', () => {
    expect(stopMessage({ outcome: 'stopped', exitCode: 0 })).toBe(`Stopped: ai-toolkit exited with code 0. ${NO_SAVE_WARNING}`);
    expect(stopSummary({ outcome: 'stopped', exitCode: 0 })).toBe('training stopped by the user');
  });
  it('a run that had ended is recorded with its exit code; a vanished or still running one is not recorded', () => {
    expect(stopSummary({ outcome: 'already-ended', exitCode: 1 })).toBe('training ended (exit 1)');
    expect(stopSummary({ outcome: 'vanished', exitCode: null })).toBeNull();
    expect(stopSummary({ outcome: 'still-running', exitCode: null })).toBeNull();
    expect(stopMessage({ outcome: 'still-running', exitCode: null }, 30)).toContain('Still running after 30 s');
  });
});
