import { isNarrow } from '../../src/ui/use-terminal-size.js';

/**
 * Where the Monitor screen's panes go at a terminal size. The chart gets the height: from 80 columns
 * it takes the whole body on the left with samples over flags beside it; below 80 columns it takes
 * the full width and all but a few rows, and the flags shrink to one line when nothing else fits.
 */
export interface MonitorLayout {
  /** Chart and side column side by side (80 columns and more). */
  wide: boolean;
  narrow: boolean;
  bodyH: number;
  chartW: number;
  chartH: number;
  sideW: number;
  samplesH: number;
  flagsW: number;
  /** 1: the flags as a single line without a frame. */
  flagsH: number;
}

const HEADER_ROWS = 3;
/** Rows a bordered, titled pane spends on its frame, and the chart on its axis and step labels. */
const FRAME = 3;
const CHART_AXIS = 2;
/** Plot rows the chart keeps before anything else gets room below it (narrow terminals). */
const MIN_PLOT_ROWS = 7;

export function monitorLayout(W: number, H: number): MonitorLayout {
  const narrow = isNarrow(W);
  const bodyH = Math.max(6, H - HEADER_ROWS);
  if (!narrow) {
    const sideW = W >= 110 ? W - Math.floor(W * 0.6) : Math.max(28, Math.floor(W * 0.36));
    const samplesH = Math.max(5, Math.ceil(bodyH * 0.55));
    return { wide: true, narrow, bodyH, chartW: W - sideW, chartH: bodyH, sideW, samplesH, flagsW: sideW, flagsH: bodyH - samplesH };
  }
  const keep = MIN_PLOT_ROWS + CHART_AXIS + FRAME;
  const chartH = Math.min(bodyH - 1, Math.max(keep, Math.floor(bodyH * 0.6)));
  const bottom = bodyH - chartH;
  const samplesH = bottom >= 12 ? Math.floor(bottom / 2) : 0;
  return { wide: false, narrow, bodyH, chartW: W, chartH, sideW: W, samplesH, flagsW: W, flagsH: bottom - samplesH };
}

/** Plot rows of the chart inside its pane. */
export function plotRows(l: MonitorLayout): number {
  return l.chartH - FRAME - CHART_AXIS;
}
