import { useEffect, useRef, useState } from 'preact/hooks';
import type { TargetedPointerEvent } from 'preact';
import { placeStyle, snapPlace } from '@/lib/content/panel-place';
import { useInputGate } from './input-gate';
import type { PanelPlace } from '@/lib/screen-pop/panel-view';

interface Drag {
  pointerId: number;
  /** Pointer position inside the panel when the drag started. */
  grabX: number;
  grabY: number;
  left: number;
  top: number;
}

/**
 * Drags the panel by its handle and snaps it to the nearest corner on release. The new place
 * shows at once and is handed to `onDrop` (saved by the worker); a place arriving from the
 * worker later replaces it. Only real pointer input drags (input-gate.ts): a page's synthetic
 * pointer events neither move the panel nor save a place.
 */
export function useDrag(place: PanelPlace, onDrop: (place: PanelPlace) => void) {
  const ref = useRef<HTMLElement>(null);
  const [local, setLocal] = useState(place);
  const [drag, setDrag] = useState<Drag | null>(null);
  const gate = useInputGate();

  useEffect(() => setLocal(place), [place.dock, place.dx, place.dy]);

  const onPointerDown = (event: TargetedPointerEvent<HTMLElement>) => {
    const panel = ref.current;
    // Buttons inside the handle stay clickable; only the primary button drags.
    if (!panel || !gate(event) || event.button !== 0 || (event.target as Element).closest('button')) return;
    const box = panel.getBoundingClientRect();
    event.currentTarget.setPointerCapture?.(event.pointerId);
    event.preventDefault();
    setDrag({ pointerId: event.pointerId, grabX: event.clientX - box.left, grabY: event.clientY - box.top, left: box.left, top: box.top });
  };
  const onPointerMove = (event: TargetedPointerEvent<HTMLElement>) => {
    if (!drag || !gate(event) || event.pointerId !== drag.pointerId) return;
    setDrag({ ...drag, left: event.clientX - drag.grabX, top: event.clientY - drag.grabY });
  };
  const onPointerUp = (event: TargetedPointerEvent<HTMLElement>) => {
    const panel = ref.current;
    if (!drag || !panel || !gate(event) || event.pointerId !== drag.pointerId) return;
    const box = panel.getBoundingClientRect();
    const view = panel.ownerDocument.defaultView;
    const next = snapPlace(
      { left: drag.left, top: drag.top, width: box.width, height: box.height },
      { width: view?.innerWidth ?? 0, height: view?.innerHeight ?? 0 },
    );
    setDrag(null);
    setLocal(next);
    onDrop(next);
  };

  const style: Record<string, string> = drag ? { left: `${drag.left}px`, top: `${drag.top}px` } : placeStyle(local);
  return {
    ref,
    style,
    /** The docked corner, absent while dragging (the panel then follows the pointer). */
    dock: drag ? undefined : local.dock,
    dragging: drag !== null,
    place: local,
    /** For the corner button: pass its click, refused unless it is real input. */
    setPlace: (event: Event, next: PanelPlace) => {
      if (!gate(event)) return;
      setLocal(next);
      onDrop(next);
    },
    handleProps: { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: (event: Event) => gate(event) && setDrag(null) },
  };
}
