/** The faces domain's public face: scanning images for faces and judging identity. */
export { cachedFacesOf, faceCachePath, type FaceRecord, type ImageFaces } from './cache.js';
export { consistencyOf, judge, MEMORISED_DESCRIPTOR, MEMORISED_HASH_BITS, round3, trainingIdentity, type Consistency, type Judgement, type Memorised, type Reference, type TrainingIdentity } from './consistency.js';
export { facesSettings, openDetector } from './detector.js';
export { distance, medoid, robustCentroid, verdict, VERDICT_TEXT, type IdentityVerdict } from './identity.js';
export { hammingDistance, perceptualHash } from './phash.js';
export { FaceScanner, type ScanProgress, type ScanResult } from './scanner.js';
export { FaceModelError, type DetectedFace, type FaceBox, type FaceDetector } from './types.js';
export { boxedPreview, findingBoxes } from './boxed-preview.js';
