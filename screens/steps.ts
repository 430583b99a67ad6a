import type { ComponentType } from 'react';
import { STEP_IDS, STEP_TITLES, type StepId } from '../src/project/index.js';
import { CaptionsScreen } from './captions/CaptionsScreen.js';
import { CheckpointsScreen } from './checkpoints/CheckpointsScreen.js';
import { ConfigScreen } from './config/ConfigScreen.js';
import { DatasetScreen } from './dataset/DatasetScreen.js';
import { MonitorScreen } from './monitor/MonitorScreen.js';
import { PodScreen } from './pod/PodScreen.js';

export interface StepDef {
  id: StepId;
  title: string;
  screen: ComponentType;
}

export const STEPS: StepDef[] = [
  { id: 'dataset', title: STEP_TITLES.dataset, screen: DatasetScreen },
  { id: 'captions', title: STEP_TITLES.captions, screen: CaptionsScreen },
  { id: 'config', title: STEP_TITLES.config, screen: ConfigScreen },
  { id: 'pod', title: STEP_TITLES.pod, screen: PodScreen },
  { id: 'monitor', title: STEP_TITLES.monitor, screen: MonitorScreen },
  { id: 'checkpoints', title: STEP_TITLES.checkpoints, screen: CheckpointsScreen },
];

export { STEP_IDS };
