/**
 * What a face model gives for one image, whatever the model: boxes, landmarks, an identity descriptor.
 * Coordinates are in pixels of the image as decoded (its longest side at most DETECT_SIDE).
 */

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DetectedFace {
  box: FaceBox;
  /** Detector confidence, 0..1. */
  score: number;
  /** Landmark points (68 for face-api), [x, y] each. */
  landmarks: Array<[number, number]>;
  /** Identity embedding; two faces are the same person when their distance is under the model's threshold. */
  descriptor: number[];
}

/** RGB pixels, 3 bytes per pixel, row by row. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** One face model behind lorapilot.yaml's `faces.model`. */
export interface FaceDetector {
  /** The model's name, stored with cached results so another model never reuses them. */
  readonly model: string;
  /** Euclidean descriptor distance under which two faces are the same person. */
  readonly threshold: number;
  detect(image: RgbImage): Promise<DetectedFace[]>;
  close(): Promise<void>;
}

export class FaceModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaceModelError';
  }
}

/** face-api's own rule for its 128-d descriptors (euclidean). */
export const FACE_API_THRESHOLD = 0.6;
