/**
 * The wizard's module graph as a few ESM files: dist/wizard/<build>/launch.js (Ink, React, the app frame) and
 * one chunk per lazily opened screen. Loading Ink from node_modules means ~1,200 small modules (es-toolkit's
 * compat index alone) and a CommonJS parse of react-reconciler; one bundle opens in a fraction of that.
 * Native and heavy packages stay outside and load from node_modules when first used.
 * Two builds, as React has two: `production` with NODE_ENV fixed (React's development code left out, less
 * to hold in memory) and `development`, which reads NODE_ENV at run time like the unbundled modules do.
 * bin/wizard.ts picks one by NODE_ENV. Run after tsc (npm run build): the text commands keep tsc's output.
 */
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const outbase = `${root}dist/wizard`;

/** @param {'production' | 'development'} name */
function bundle(name) {
  return build({
    absWorkingDir: root,
    entryPoints: { launch: 'screens/launch.ts' },
    outdir: `${outbase}/${name}`,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    define: name === 'production' ? { 'process.env.NODE_ENV': '"production"' } : {},
    // Identifiers stay as written, so a stack trace (LORAPILOT_DEBUG) still names the functions.
    minifyWhitespace: true,
    minifySyntax: true,
    // react-devtools-core is Ink's optional peer, loaded only with DEV=true: as unbundled, from node_modules if there.
    external: ['sharp', 'ssh2', 'cpu-features', 'onnxruntime-node', '@lydell/node-pty', 'react-devtools-core'],
    // CommonJS packages inside an ES module bundle call require() for Node's built-ins.
    banner: { js: "import { createRequire as __lpCreateRequire } from 'node:module'; const require = __lpCreateRequire(import.meta.url);" },
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    logLevel: 'warning',
  });
}

await rm(outbase, { recursive: true, force: true });
await Promise.all([bundle('production'), bundle('development')]);
