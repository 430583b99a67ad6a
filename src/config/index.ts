/** The config step's public face: schema, presets, step math, builder, linter, tuning and the project side. */
export { jobSchema, trainerProcessSchema, type AiToolkitJob, type JobInput } from './schema.js';
export { PRESETS, findPreset, presetForModel, type Preset, type VramTier } from './presets.js';
export { stepMath, savePoints, type StepMath, type StepInputs, type RunLength } from './step-math.js';
export { buildConfig, stepMathLines, samplePrompt, GUIDE_TEST_PROMPTS, type BuildResult, type BuildNote } from './builder.js';
export { resolveChoices, choicesToSection, type Choices } from './choices.js';
export { lintConfigText, configFindingSchema, lintOutputSchema, type LintOutput, type ConfigFinding, type LintResult, type LintOptions, type LintTarget } from './lint.js';
export { adviseTuning, SYMPTOMS, SYMPTOM_LABELS, type Advice, type Symptom } from './tuning.js';
export {
  DEFAULT_CONFIG_FILE, loadConfigContext, choicesFor, buildForProject, saveConfig, configFilePath, lintTargetFor,
  writtenConfigStatus, projectConfigStatus, tuneProject, type ConfigContext, type WrittenConfigStatus,
} from './service.js';
