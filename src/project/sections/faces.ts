import { z } from 'zod';

/**
 * The face model that judges identity (dataset check, samples, the strength sweep). face-api ships with
 * lorapilot; `arcface-onnx` names the shape an ArcFace ONNX embedding will take (model file, its own threshold).
 */
export const FACE_MODELS = ['face-api', 'arcface-onnx'] as const;

export const facesSection = z
  .object({
    model: z.enum(FACE_MODELS, { error: `faces.model is one of: ${FACE_MODELS.join(', ')}` }).default('face-api'),
    /** The ONNX file of an ArcFace model, relative to the project or absolute (arcface-onnx only). */
    file: z.string().min(1).optional(),
    /** Descriptor distance under which two faces are the same person; default: the model's own. */
    threshold: z.number().positive().optional(),
    /** Share of a checkpoint's samples that must match the training identity (guide §6.3: 95%). */
    target: z.number().min(0).max(1).default(0.95),
    /** Weight of the user's own 1–5 scores in the ranking, against the measured consistency (0..1). */
    userWeight: z.number().min(0).max(1).default(0.5),
    /** Scoring threads, one model each (default: none with onnxruntime, which uses every core; else one per core; LORAPILOT_FACE_WORKERS overrides). */
    workers: z.number().int().positive().optional(),
  })
  .strict();
export type FacesSection = z.infer<typeof facesSection>;
