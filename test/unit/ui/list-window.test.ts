import { describe, expect, it } from 'vitest';
import { listReducer } from '../../../src/ui/list-window.js';

describe('list selection window', () => {
  it('scrolls only when the selection leaves the window', () => {
    let s = { index: 0, top: 0 };
    for (let i = 0; i < 5; i++) s = listReducer(s, { type: 'down' }, 20, 5);
    expect(s).toEqual({ index: 5, top: 1 });
    s = listReducer(s, { type: 'up' }, 20, 5);
    expect(s).toEqual({ index: 4, top: 1 });
    s = listReducer(s, { type: 'end' }, 20, 5);
    expect(s).toEqual({ index: 19, top: 15 });
    s = listReducer(s, { type: 'pageUp' }, 20, 5);
    expect(s).toEqual({ index: 14, top: 14 });
  });

  it('clamps at both ends and on an empty list', () => {
    expect(listReducer({ index: 0, top: 0 }, { type: 'up' }, 3, 5)).toEqual({ index: 0, top: 0 });
    expect(listReducer({ index: 2, top: 0 }, { type: 'down' }, 3, 5)).toEqual({ index: 2, top: 0 });
    expect(listReducer({ index: 4, top: 2 }, { type: 'down' }, 0, 5)).toEqual({ index: 0, top: 0 });
  });
});
