import { LabIcon } from '@jupyterlab/ui-components';

/**
 * A flask with a log line beside it. `jp-icon3` lets the theme colour it,
 * like JupyterLab's own sidebar icons.
 */
const runsSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <path d="M6 2h8v2h-1v5l5 9c.8 1.5-.2 3-1.8 3H3.8c-1.6 0-2.6-1.5-1.8-3l5-9V4H6z"/>
    <rect x="19" y="4" width="4" height="2" rx="1"/>
    <rect x="19" y="9" width="4" height="2" rx="1"/>
    <rect x="19" y="14" width="4" height="2" rx="1"/>
  </g>
</svg>`;

export const runsIcon = new LabIcon({
  name: 'jupyterlab-runlog:runs',
  svgstr: runsSvg
});

/** Three sliders: the cell that holds a run's parameters. */
const parametersCellSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <rect x="3" y="5" width="18" height="2" rx="1"/>
    <rect x="3" y="11" width="18" height="2" rx="1"/>
    <rect x="3" y="17" width="18" height="2" rx="1"/>
    <circle cx="8" cy="6" r="2.5"/>
    <circle cx="16" cy="12" r="2.5"/>
    <circle cx="11" cy="18" r="2.5"/>
  </g>
</svg>`;

export const parametersCellIcon = new LabIcon({
  name: 'jupyterlab-runlog:parameters-cell',
  svgstr: parametersCellSvg
});

/** A target: a cell whose executions are tracked as runs. */
const trackedCellSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <path fill-rule="evenodd" d="M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm0 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16zm0 3a5 5 0 1 1 0 10 5 5 0 0 1 0-10zm0 2a3 3 0 1 0 0 6 3 3 0 0 0 0-6z"/>
    <circle cx="12" cy="12" r="1.5"/>
  </g>
</svg>`;

export const trackedCellIcon = new LabIcon({
  name: 'jupyterlab-runlog:tracked-cell',
  svgstr: trackedCellSvg
});
