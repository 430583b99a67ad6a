import { describe, expect, it } from 'vitest';
import { parseKey } from '../../../../src/ui/input/parse-key.js';
import { findBinding, matchKey } from '../../../../src/ui/keys.js';

describe('parseKey', () => {
  it('names the keys the tables use', () => {
    const cases: Array<[string, string]> = [
      ['\u001b[A', 'up'],
      ['\u001bOB', 'down'],
      ['\u001b[C', 'right'],
      ['\u001b[D', 'left'],
      ['\r', 'enter'],
      ['\u001b', 'esc'],
      ['\t', 'tab'],
      ['\u001b[Z', 'shift+tab'],
      ['\u001b[5~', 'pageup'],
      ['\u001b[6~', 'pagedown'],
      ['\u001b[H', 'home'],
      ['\u001b[1~', 'home'],
      ['\u001b[F', 'end'],
      ['\u001b[4~', 'end'],
      ['\u007f', 'backspace'],
      ['\b', 'backspace'],
      ['\u001b[3~', 'delete'],
      [' ', 'space'],
      ['\u0003', 'ctrl+c'],
      ['\u001a', 'ctrl+z'],
      ['G', 'G'],
      ['?', '?'],
    ];
    for (const [seq, spec] of cases) {
      const { input, key } = parseKey(seq);
      expect(matchKey(spec, input, key), `${JSON.stringify(seq)} is ${spec}`).toBe(true);
    }
  });

  it('does not read a modified or unknown sequence as a plain letter', () => {
    const meta = parseKey('\u001bq');
    expect(matchKey('q', meta.input, meta.key)).toBe(false);
    const unknown = parseKey('\u001b[99x');
    expect(findBinding([{ id: 'x', keys: ['x', 'up', 'enter'], label: 'x' }], unknown.input, unknown.key)).toBeUndefined();
    expect(parseKey('\u001b[1;5A').key).toMatchObject({ upArrow: true, ctrl: true });
  });
});
