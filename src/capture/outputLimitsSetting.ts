/**
 * The output limits of the capture settings (Settings → Run log: capture),
 * used by live capture and by papermill imports alike.
 */
import {
  DEFAULT_OUTPUT_LIMITS,
  type IOutputLimits
} from '../model/record/outputs';

/** A setting's value by key, as JupyterLab's ISettings.get(key).composite. */
export type SettingReader = (key: string) => unknown;

function wholeNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
    ? value
    : fallback;
}

/** The limits in the settings; a missing or mistyped entry takes its default. */
export function readOutputLimits(read: SettingReader): IOutputLimits {
  return {
    maxTextChars: wholeNumber(
      read('maxOutputTextChars'),
      DEFAULT_OUTPUT_LIMITS.maxTextChars
    ),
    maxImageBytes: wholeNumber(
      read('maxImageBytes'),
      DEFAULT_OUTPUT_LIMITS.maxImageBytes
    ),
    maxOutputsPerCell: wholeNumber(
      read('maxOutputsPerCell'),
      DEFAULT_OUTPUT_LIMITS.maxOutputsPerCell
    ),
    maxSeriesPoints: wholeNumber(
      read('maxSeriesPoints'),
      DEFAULT_OUTPUT_LIMITS.maxSeriesPoints
    )
  };
}
