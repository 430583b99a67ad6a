import type { ComponentType } from 'react';
import { STEP_IDS, type StepId } from '../src/project/index.js';
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
  { id: 'dataset', title: 'Dataset', screen: DatasetScreen },
  { id: 'captions', title: 'Captions', screen: CaptionsScreen },
  { id: 'config', title: 'Config', screen: ConfigScreen },
  { id: 'pod', title: 'Pod', screen: PodScreen },
  { id: 'monitor', title: 'Monitor', screen: MonitorScreen },
  { id: 'checkpoints', title: 'Checkpoints', screen: CheckpointsScreen },
];

export { STEP_IDS };
