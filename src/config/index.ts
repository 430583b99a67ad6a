/** The config step's public face: schema, presets, step math, builder, linter, tuning and the project side. */
export { jobSchema, trainerProcessSchema, type AiToolkitJob, type JobInput } from './schema.js';
export { PRESETS, findPreset, presetForModel, type Preset, type VramTier } from './presets.js';
export { stepMath, savePoints, type StepMath, type StepInputs, type RunLength } from './step-math.js';
export { buildConfig, samplePrompt, GUIDE_TEST_PROMPTS, type BuildResult, type BuildNote } from './builder.js';
export { stepMathLines, choicesLine } from './build-text.js';
export { runLength, lengthText } from './length.js';
export { resolveChoices, choicesToSection, type Choices } from './choices.js';
export { lintConfigText, type ConfigFinding, type LintResult, type LintOptions, type LintTarget } from './lint.js';
export { configFindingSchema, lintOutputSchema, type LintOutput } from './lint-json.js';
export { adviseTuning, SYMPTOMS, SYMPTOM_LABELS, type Advice, type Symptom } from './tuning.js';
export {
  DEFAULT_CONFIG_FILE, loadConfigContext, choicesFor, buildForProject, saveConfig, configFilePath, lintTargetFor,
  writtenConfigStatus, projectConfigStatus, tuneProject, type ConfigContext, type WrittenConfigStatus,
} from './service.js';
