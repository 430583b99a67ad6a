import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The checkout (or installed package) this code runs from: the nearest folder above this module that holds
 * package.json. Found by looking rather than by a fixed `../..`, because the build bundles bin/ into
 * dist/bin/lorapilot.js and chunks below it, at another depth than the source file.
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  root = dir;
  return dir;
}
