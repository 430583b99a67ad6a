import { createContext, useContext } from 'react';
import type { Project, ProjectProblem, StepId } from '../src/project/index.js';

export interface AppContextValue {
  /** Project folder. */
  dir: string;
  project: Project | null;
  /** Located problems when lorapilot.yaml is missing or invalid. */
  projectProblems: ProjectProblem[];
  reloadProject(): Promise<void>;
  /** Switch step; params carry context such as the image to open in Captions. */
  navigate(step: StepId, params?: Record<string, unknown>): void;
  /** Params passed by the last navigate() to the current step. */
  params: Record<string, unknown>;
  /** Cells available to the current screen's body. */
  width: number;
  height: number;
  /** Show a transient message in the status line. */
  notify(message: string, tone?: 'info' | 'success' | 'warning' | 'error'): void;
  /** The selection this screen had when the person last left it (recorded in lorapilot.yaml), if any. */
  resumeSelection?: string;
  /** Report the screen's selection, recorded when the person leaves the step or quits. */
  remember(selection: string): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('useApp() outside <App>');
  return ctx;
}
