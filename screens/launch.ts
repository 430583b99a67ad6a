/**
 * Everything the wizard needs to draw its first frame, in one module: `npm run build` bundles this file
 * (with Ink, React and the screens) so the wizard opens without resolving a thousand small modules.
 */
export { render } from 'ink';
export { createElement } from 'react';
export { App } from './App.js';
