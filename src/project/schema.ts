import { z } from 'zod';
import { captionsSection } from './sections/captions.js';
import { checkpointsSection } from './sections/checkpoints.js';
import { configSection, tuningEntry } from './sections/config.js';
import { facesSection } from './sections/faces.js';
import { jobSection } from './sections/job.js';
import { podSection } from './sections/pod.js';
import { progressSection } from './sections/progress.js';
import { notifySection } from './sections/notify.js';
import { runpodSection } from './sections/runpod.js';
import { resumeSection } from './sections/resume.js';

export const PROJECT_FILE = 'lorapilot.yaml';

/** `lorapilot.yaml`: human-editable, validated on every load. */
export const projectSchema = z
  .object({
    version: z.literal(1).default(1),
    /** Character name; also the ai-toolkit job name, so only [A-Za-z0-9_-] (ai-toolkit globs on it). */
    name: z.string().regex(/^[A-Za-z0-9_-]+$/, 'use letters, digits, _ and - only (ai-toolkit uses the name in glob patterns)'),
    trigger: z.string().min(1).regex(/^\S+$/, 'a trigger word has no spaces'),
    /** Dataset folder, relative to the project folder. */
    dataset: z.string().min(1).default('dataset'),
    preset: z.string().optional(),
    pod: podSection.optional(),
    job: jobSection.optional(),
    runpod: runpodSection.optional(),
    notify: notifySection.optional(),
    config: configSection.default({}),
    tuning: z.array(tuningEntry).default([]),
    captions: captionsSection.default({ identityTags: [] }),
    checkpoints: checkpointsSection.default({ marked: [], scores: {} }),
    faces: facesSection.optional(),
    progress: progressSection,
    /** Where the wizard was left (step and selections), so it reopens there. */
    resume: resumeSection.optional(),
    /** The demo project: trains with the rehearsal trainer on this machine. */
    demo: z.boolean().optional(),
    /** How images are drawn: auto-detected, or a named terminal protocol, or half blocks. */
    ui: z.object({ images: z.enum(['auto', 'kitty', 'iterm', 'sixel', 'blocks']).optional() }).strict().optional(),
  })
  .strict();

export type Project = z.infer<typeof projectSchema>;
export type ProjectInput = z.input<typeof projectSchema>;
