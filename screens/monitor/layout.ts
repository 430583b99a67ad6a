import { isNarrow } from '../../src/ui/use-terminal-size.js';

/** Where the Monitor screen's panes go at a terminal size: chart beside or above samples and flags. */
export interface MonitorLayout {
  wide: boolean;
  narrow: boolean;
  bodyH: number;
  chartW: number;
  chartH: number;
  sideW: number;
  samplesH: number;
  flagsW: number;
  flagsH: number;
}

const HEADER_ROWS = 3;

export function monitorLayout(W: number, H: number): MonitorLayout {
  const narrow = isNarrow(W);
  const bodyH = Math.max(6, H - HEADER_ROWS);
  const wide = W >= 110;
  if (wide) {
    const chartW = Math.floor(W * 0.6);
    const samplesH = Math.max(5, Math.ceil(bodyH * 0.55));
    return { wide, narrow, bodyH, chartW, chartH: bodyH, sideW: W - chartW, samplesH, flagsW: W - chartW, flagsH: bodyH - samplesH };
  }
  const chartH = Math.max(6, Math.floor(bodyH * (narrow ? 0.6 : 0.55)));
  const bottom = bodyH - chartH;
  if (narrow) {
    const samplesH = bottom >= 12 ? Math.floor(bottom / 2) : 0;
    return { wide, narrow, bodyH, chartW: W, chartH, sideW: W, samplesH, flagsW: W, flagsH: bottom - samplesH };
  }
  const sideW = Math.floor(W / 2);
  return { wide, narrow, bodyH, chartW: W, chartH, sideW, samplesH: bottom, flagsW: W - sideW, flagsH: bottom };
}
