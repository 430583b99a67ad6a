import { useCallback, useRef } from 'react';
import { updateProject } from '../../src/project/index.js';
import type { AppContextValue } from '../app-context.js';

/**
 * Project changes one after another: quick key presses must not load-modify-write lorapilot.yaml over
 * each other. Each change reloads the project and may confirm itself with a message.
 */
export function useSerialSave(dir: string, app: Pick<AppContextValue, 'reloadProject' | 'notify'>) {
  const saving = useRef<Promise<void>>(Promise.resolve());
  return useCallback(
    (change: Parameters<typeof updateProject>[1], message?: string) => {
      saving.current = saving.current.then(async () => {
        try {
          await updateProject(dir, change);
          await app.reloadProject();
          if (message) app.notify(message, 'success');
        } catch (e) {
          app.notify(`could not save lorapilot.yaml: ${(e as Error).message}`, 'error');
        }
      });
      return saving.current;
    },
    [dir, app],
  );
}
