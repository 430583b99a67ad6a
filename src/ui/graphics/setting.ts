import { imageMode, type ImageMode, type ImageSetting } from './detect.js';

/**
 * The project's `ui.images` choice, set by the app when it loads the project, so every image pane
 * draws the same way without each one reading the project file.
 */
let projectSetting: ImageSetting | undefined;

export function setImageSetting(s: ImageSetting | undefined): void {
  projectSetting = s;
}

export function currentImageMode(isTTY: boolean): ImageMode {
  return imageMode(process.env, projectSetting, isTTY);
}
