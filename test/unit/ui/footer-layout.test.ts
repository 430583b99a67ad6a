import { describe, expect, it } from 'vitest';
import { footerRows, hintsOf, type Hint } from '../../../src/ui/footer-layout.js';
import { GLOBAL_BINDINGS } from '../../../src/ui/keys.js';

const text = (rows: Hint[][]) => rows.map((r) => r.map((h) => `${h.keys} ${h.label}`).join(' · '));
const screen: Hint[] = ['edit tags', 'next problem', 'mark', 'filter', 'tag table', 'bulk fix', 'undo'].map((label, i) => ({ keys: 'abcdefg'[i], label }));
const pinned = hintsOf(GLOBAL_BINDINGS);

describe('footerRows', () => {
  it('wraps to a second row instead of cutting, and ends with ? and q', () => {
    for (const cols of [60, 80, 120]) {
      const rows = text(footerRows(screen, pinned, cols));
      expect(rows.length).toBeLessThanOrEqual(2);
      for (const r of rows) expect(r.length).toBeLessThanOrEqual(cols);
      const all = rows.join(' · ');
      expect(all).toContain('? help');
      expect(all.endsWith('q/^C quit')).toBe(true);
    }
    expect(footerRows(screen, pinned, 120)).toHaveLength(1);
    expect(text(footerRows(screen, pinned, 60)).join(' · ')).toContain('g undo');
  });

  it('leaves out the last screen hints, never ? and q, when two rows are not enough', () => {
    const rows = text(footerRows(screen, pinned, 24));
    expect(rows).toHaveLength(2);
    expect(rows.join(' · ')).toContain('? help');
    expect(rows.join(' · ')).toContain('q/^C quit');
    expect(rows.join(' · ')).not.toContain('undo');
  });
});
