/**
 * The command line as one entry, dist/bin/lorapilot.js, and a chunk per
 * command, loaded when the command runs: zod, yaml and image-size come inside, not as ~300 modules.
 * Ink and React stay outside: a command that prints text must not load them, and the wizard has its own.
 *
 * The wizard's module graph as a few ESM files: dist/wizard/<build>/launch.js (Ink, React, the app frame) and
 * one chunk per lazily opened screen. Loading Ink from node_modules means ~1,200 small modules (es-toolkit's
 * compat index alone) and a CommonJS parse of react-reconciler; one bundle opens in a fraction of that.
 * Native and heavy packages stay outside and load from node_modules when first used.
 * Two builds, as React has two: `production` with NODE_ENV fixed (React's development code left out, less
 * to hold in memory) and `development`, which reads NODE_ENV at run time like the unbundled modules do.
 * bin/wizard.ts picks one by NODE_ENV. dist/ holds only these bundles; tsc is the type check (npm run build).
 */
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./', import.meta.url));
const outbase = `${root}dist/wizard`;

/** Native and heavy packages, loaded from node_modules when first used. */
const NATIVE = ['sharp', 'ssh2', 'cpu-features', 'onnxruntime-node', '@lydell/node-pty'];
// CommonJS packages inside an ES module bundle call require() for Node's built-ins.
const REQUIRE = "import { createRequire as __lpCreateRequire } from 'node:module'; const require = __lpCreateRequire(import.meta.url);";

function cli() {
  return build({
    absWorkingDir: root,
    // The face scoring thread is its own entry: src/faces/pool.ts starts dist/bin/face-worker.js.
    entryPoints: { lorapilot: 'bin/lorapilot.ts', 'face-worker': 'src/faces/score-worker.ts' },
    outdir: `${root}dist/bin`,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minifyWhitespace: true,
    minifySyntax: true,
    // bin/wizard.ts opens dist/wizard; its import of the screens is for a run from source.
    external: [...NATIVE, 'ink', 'react', '@inkjs/ui', '../screens/launch.js'],
    banner: { js: REQUIRE },
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    logLevel: 'warning',
  });
}

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
    external: [...NATIVE, 'react-devtools-core'],
    banner: { js: REQUIRE },
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    logLevel: 'warning',
  });
}

await rm(`${root}dist`, { recursive: true, force: true });
await Promise.all([cli(), bundle('production'), bundle('development')]);
