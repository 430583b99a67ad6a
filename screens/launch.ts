/**
 * Everything the wizard needs to draw its first frame, in one module: `npm run build` bundles this file
 * (with Ink, React and the screens) so the wizard opens without resolving a thousand small modules.
 */
export { render } from 'ink';
export { createElement } from 'react';
export { App } from './App.js';
// The wizard scores faces on a thread of its own, so its keys and frames never wait for a net.
export { scoreFacesOffMainThread } from '../src/faces/pool-limit.js';
