import { describe, expect, it } from 'vitest';
import { wrapWords } from '../../../src/text/wrap.js';

describe('word wrap', () => {
  it('breaks between words so that no line is wider than asked', () => {
    const lines = wrapWords('ai-toolkit does not save a checkpoint when stopped: the newest saved checkpoint is what you keep.', 30);
    expect(lines).toEqual(['ai-toolkit does not save a', 'checkpoint when stopped: the', 'newest saved checkpoint is', 'what you keep.']);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(30);
  });
  it('keeps a word longer than the width whole, on its own line', () => {
    expect(wrapWords('see /workspace/lorapilot/maya/runs/20261124-213259/run.log now', 12)).toEqual(['see', '/workspace/lorapilot/maya/runs/20261124-213259/run.log', 'now']);
  });
});
