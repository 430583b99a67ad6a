import { facesSection, type FacesSection } from '../project/index.js';
import { FACE_API_THRESHOLD, FaceModelError, type FaceDetector } from './types.js';

/** The face settings a project asks for, with defaults where lorapilot.yaml has no `faces:` section. */
export function facesSettings(project: { faces?: FacesSection } | null | undefined): FacesSection {
  return project?.faces ?? facesSection.parse({});
}

/**
 * Open the model lorapilot.yaml names. Only face-api ships today; the runtime loads here, at first use,
 * so commands that score no face never load TensorFlow.js.
 */
export async function openDetector(settings: FacesSection, opts: { threads?: number } = {}): Promise<FaceDetector> {
  if (settings.model !== 'face-api') {
    throw new FaceModelError(`faces.model '${settings.model}' is not available in this version of lorapilot; set faces.model: face-api in lorapilot.yaml`);
  }
  const { openFaceApi } = await import('./face-api.js');
  const detector = await openFaceApi(opts);
  return settings.threshold === undefined ? detector : { ...detector, threshold: settings.threshold };
}

/** The same-person distance: lorapilot.yaml's, else the model's own (known without loading it). */
export function modelThreshold(settings: FacesSection): number {
  return settings.threshold ?? FACE_API_THRESHOLD;
}
