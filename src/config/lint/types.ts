import type { Finding } from '../../dataset/finding.js';

/** What the linter takes and gives. */

export interface ConfigFinding extends Finding {
  file: string;
  line: number;
  column: number;
  /** Dotted key path in the file, e.g. `config.process.0.train.lr`. */
  path: string;
}

export type LintTarget = 'runpod' | 'local';

export interface LintOptions {
  /** runpod: dataset and training paths must be on the /workspace volume. */
  target?: LintTarget;
  /** Image counts of the dataset folders by folder name, to check the step math against real epochs. */
  datasetImages?: ReadonlyMap<string, number>;
}

export interface LintEpochMath {
  imagesPerEpoch: number;
  stepsPerEpoch: number;
  totalSteps: number;
  epochs: number;
}

export interface LintResult {
  file: string;
  format: 'yaml' | 'json';
  findings: ConfigFinding[];
  /** Step math from the config and the dataset, when the dataset folders were known. */
  math?: LintEpochMath;
}
