import { accessSync, constants } from 'node:fs';
import { delimiter, join, relative, isAbsolute } from 'node:path';
import { packageRoot } from './package-root.js';


function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      // not in this one
    }
  }
  return false;
}

function inside(dir: string, root: string): boolean {
  const rel = relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * How a person starts lorapilot from `dir`, for the "Next:" lines we print: `lorapilot` once it is on the
 * PATH (npm link, a global install); `npx lorapilot` inside the checkout, where npx runs the project's own
 * binary; otherwise node with the path of this binary.
 */
export function invocation(dir: string, env: NodeJS.ProcessEnv): string {
  if (onPath('lorapilot', env)) return 'lorapilot';
  const root = packageRoot();
  if (inside(dir, root)) return 'npx lorapilot';
  return `node ${JSON.stringify(join(root, 'dist', 'bin', 'lorapilot.js'))}`;
}
