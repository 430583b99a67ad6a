import { describe, expect, it } from 'vitest';
import { imageMode, sniffImageMode } from '../../../../src/ui/graphics/detect.js';

describe('image protocol detection', () => {
  it('reads the terminal from the environment', () => {
    expect(sniffImageMode({ TERM: 'xterm-kitty' })).toBe('kitty');
    expect(sniffImageMode({ KITTY_WINDOW_ID: '1', TERM: 'xterm-256color' })).toBe('kitty');
    expect(sniffImageMode({ TERM_PROGRAM: 'iTerm.app' })).toBe('iterm');
    expect(sniffImageMode({ LC_TERMINAL: 'iTerm2', TERM: 'xterm-256color' })).toBe('iterm');
    expect(sniffImageMode({ TERM: 'foot' })).toBe('sixel');
    expect(sniffImageMode({ TERM: 'xterm-256color' })).toBe('blocks');
    // tmux swallows the escapes without passthrough
    expect(sniffImageMode({ TERM: 'tmux-256color', KITTY_WINDOW_ID: '1' })).toBe('blocks');
  });

  it('lets LORAPILOT_IMAGES, then ui.images, choose; without a terminal auto is half blocks', () => {
    expect(imageMode({ TERM: 'xterm-kitty' }, undefined, true)).toBe('kitty');
    expect(imageMode({ TERM: 'xterm-kitty' }, 'auto', false)).toBe('blocks');
    expect(imageMode({ TERM: 'xterm-kitty' }, 'blocks', true)).toBe('blocks');
    expect(imageMode({ TERM: 'xterm-256color' }, 'sixel', false)).toBe('sixel');
    expect(imageMode({ LORAPILOT_IMAGES: 'iterm2' }, 'sixel', true)).toBe('iterm');
    expect(imageMode({ LORAPILOT_IMAGES: 'auto', TERM: 'xterm-kitty', VITEST: 'true' }, 'kitty', true)).toBe('blocks');
    expect(imageMode({ LORAPILOT_IMAGES: 'nonsense', TERM: 'xterm-kitty' }, undefined, true)).toBe('kitty');
  });
});
