/**
 * Selection and scroll window for a list of `count` rows shown `height` at a time: a pure reducer,
 * unit-testable without Ink (the ink-ui select pattern).
 */
export interface ListState {
  index: number;
  top: number;
}

export type ListAction =
  | { type: 'up' }
  | { type: 'down' }
  | { type: 'pageUp' }
  | { type: 'pageDown' }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'select'; index: number };

export function listReducer(state: ListState, action: ListAction, count: number, height: number): ListState {
  if (count <= 0) return { index: 0, top: 0 };
  const h = Math.max(1, height);
  let index = state.index;
  switch (action.type) {
    case 'up':
      index -= 1;
      break;
    case 'down':
      index += 1;
      break;
    case 'pageUp':
      index -= h;
      break;
    case 'pageDown':
      index += h;
      break;
    case 'home':
      index = 0;
      break;
    case 'end':
      index = count - 1;
      break;
    case 'select':
      index = action.index;
      break;
  }
  index = Math.min(count - 1, Math.max(0, index));
  return { index, top: scrollTop(state.top, index, count, h) };
}

/** Keep the selected row inside the window, moving the window as little as possible. */
export function scrollTop(top: number, index: number, count: number, height: number): number {
  let t = top;
  if (index < t) t = index;
  if (index >= t + height) t = index - height + 1;
  return Math.max(0, Math.min(t, Math.max(0, count - height)));
}
