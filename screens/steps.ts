import { lazy, type ComponentType } from 'react';
import { STEP_IDS, type StepId } from '../src/project/step-ids.js';
import { STEP_TITLES } from '../src/project/steps.js';

export interface StepDef {
  id: StepId;
  title: string;
  /** Loaded when the step is first opened: the wizard's first frame needs only the screen it opens on. */
  screen: ComponentType;
}

export const STEPS: StepDef[] = [
  { id: 'dataset', title: STEP_TITLES.dataset, screen: lazy(async () => ({ default: (await import('./dataset/DatasetScreen.js')).DatasetScreen })) },
  { id: 'captions', title: STEP_TITLES.captions, screen: lazy(async () => ({ default: (await import('./captions/CaptionsScreen.js')).CaptionsScreen })) },
  { id: 'config', title: STEP_TITLES.config, screen: lazy(async () => ({ default: (await import('./config/ConfigScreen.js')).ConfigScreen })) },
  { id: 'pod', title: STEP_TITLES.pod, screen: lazy(async () => ({ default: (await import('./pod/PodScreen.js')).PodScreen })) },
  { id: 'monitor', title: STEP_TITLES.monitor, screen: lazy(async () => ({ default: (await import('./monitor/MonitorScreen.js')).MonitorScreen })) },
  { id: 'checkpoints', title: STEP_TITLES.checkpoints, screen: lazy(async () => ({ default: (await import('./checkpoints/CheckpointsScreen.js')).CheckpointsScreen })) },
];

export { STEP_IDS };
