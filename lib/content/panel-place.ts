import type { PanelDock, PanelPlace } from '@/lib/screen-pop/panel-view';

/**
 * Where the caller panel sits: docked to a viewport corner with an offset from its two edges,
 * so it stays clear of the CRM's own controls and keeps its corner when the window is resized.
 */

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}
export interface Viewport {
  width: number;
  height: number;
}

/** Smallest gap to the viewport edge, and the bound the worker's message schema accepts. */
const MARGIN = 8;
const MAX_OFFSET = 10_000;

/** After a drag: dock to the nearest corner, keeping the dropped position as the offset. */
export function snapPlace(box: Box, viewport: Viewport): PanelPlace {
  const right = box.left + box.width / 2 > viewport.width / 2;
  const bottom = box.top + box.height / 2 > viewport.height / 2;
  const dx = right ? viewport.width - (box.left + box.width) : box.left;
  const dy = bottom ? viewport.height - (box.top + box.height) : box.top;
  return {
    dock: `${bottom ? 'bottom' : 'top'}-${right ? 'right' : 'left'}`,
    dx: clamp(dx, MARGIN, Math.max(MARGIN, viewport.width - box.width - MARGIN)),
    dy: clamp(dy, MARGIN, Math.max(MARGIN, viewport.height - box.height - MARGIN)),
  };
}

/**
 * CSS custom properties for a place; the stylesheet applies them to the two edges of the
 * element's `data-dock` corner, capped by the viewport so a place saved in a larger window still
 * leaves the panel's handle on screen.
 */
export function placeStyle(place: PanelPlace): Record<string, string> {
  return { '--dx': `${place.dx}px`, '--dy': `${place.dy}px` };
}

const CORNERS: readonly PanelDock[] = ['bottom-right', 'bottom-left', 'top-left', 'top-right'];

/** The keyboard alternative to dragging: the next corner clockwise, same offsets. */
export function nextCorner(place: PanelPlace): PanelPlace {
  const next = CORNERS[(CORNERS.indexOf(place.dock) + 1) % CORNERS.length] ?? 'bottom-right';
  return { ...place, dock: next };
}

function clamp(value: number, min: number, max: number): number {
  return Math.round(Math.min(MAX_OFFSET, Math.max(min, Math.min(max, value))));
}
