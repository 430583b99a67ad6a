import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { envAssignments, quote, sh } from '../../../src/remote/shell.js';

const hostile = ["it's", 'a b', '$(touch /tmp/lorapilot-pwned)', '`id`', 'new\nline', '"dq"', '*', '-rf', '', 'ünï cödé', "\\'\\"];

describe('quoting helper', () => {
  it('passes every hostile value to the shell as one literal argument', () => {
    for (const v of hostile) {
      const cmd = sh`printf '%s' ${v}`.text;
      const out = execFileSync('/bin/sh', ['-c', cmd]).toString();
      expect(out).toBe(v);
    }
  });

  it('expands arrays into separate quoted words', () => {
    const cmd = sh`printf '<%s>' ${hostile}`.text;
    expect(execFileSync('/bin/sh', ['-c', cmd]).toString()).toBe(hostile.map((h) => `<${h}>`).join(''));
  });

  it('leaves plain paths readable', () => {
    expect(quote('/workspace/lorapilot/maya/run.log')).toBe('/workspace/lorapilot/maya/run.log');
  });

  it('refuses environment names that are not identifiers', () => {
    expect(() => envAssignments({ 'A;rm': 'x' })).toThrow();
    expect(envAssignments({ HF_TOKEN: "a'b" }).text).toBe(`HF_TOKEN='a'\\''b'`);
  });
});
