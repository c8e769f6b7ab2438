import { type ISignal, Signal } from '@lumino/signaling';

/**
 * Effect of a click or key press on the selection, following the usual
 * desktop conventions of file browsers.
 */
export type SelectMode =
  /** Plain click or arrow key: select only this item. */
  | 'replace'
  /** Ctrl/Cmd click: add or remove this item, keep the others. */
  | 'toggle'
  /** Shift click or Shift arrow: select from the anchor to this item. */
  | 'range'
  /** Ctrl/Cmd Shift click: add the range from the anchor to this item. */
  | 'add-range';

/**
 * Return the selection mode of a mouse click from its modifier keys:
 * Shift selects a range, Ctrl or Cmd toggles, both add a range.
 */
export function clickSelectMode(event: {
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}): SelectMode {
  const toggle = event.ctrlKey || event.metaKey;
  if (event.shiftKey) {
    return toggle ? 'add-range' : 'range';
  }
  return toggle ? 'toggle' : 'replace';
}

/**
 * Selection of keyed items in an ordered list, with a focused item and a
 * range anchor.
 */
export class SelectionModel {
  /** Emitted after any change of the selected keys or of the focus. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Keys of the selected items. */
  get selected(): ReadonlySet<string> {
    return this._selected;
  }

  /** Key of the focused item (the keyboard cursor), if any. */
  get focus(): string | null {
    return this._focus;
  }

  /** Key where the next range selection starts. */
  get anchor(): string | null {
    return this._anchor;
  }

  /**
   * Tell whether an item is selected.
   */
  has(key: string): boolean {
    return this._selected.has(key);
  }

  /**
   * Apply a click or key press on `key`.
   *
   * @param key - Key of the item that was clicked or reached.
   * @param mode - How the selection changes.
   * @param order - Keys of all items in display order, to resolve ranges.
   */
  select(key: string, mode: SelectMode, order: readonly string[]): void {
    switch (mode) {
      case 'replace':
        this._selected = new Set([key]);
        this._anchor = key;
        break;
      case 'toggle': {
        const next = new Set(this._selected);
        if (next.has(key)) {
          next.delete(key);
        } else {
          next.add(key);
        }
        this._selected = next;
        this._anchor = key;
        break;
      }
      case 'range':
      case 'add-range': {
        const range = rangeBetween(order, this._anchor ?? key, key);
        const next =
          mode === 'add-range' ? new Set(this._selected) : new Set<string>();
        range.forEach(k => next.add(k));
        this._selected = next;
        if (this._anchor === null) {
          this._anchor = key;
        }
        break;
      }
    }
    this._focus = key;
    this._changed.emit();
  }

  /**
   * Move the focus to `key` without changing the selection, as Ctrl+Arrow
   * does in lists that select several items from the keyboard.
   */
  moveFocus(key: string): void {
    if (this._focus === key) {
      return;
    }
    this._focus = key;
    this._changed.emit();
  }

  /**
   * Select every key in `order`.
   */
  selectAll(order: readonly string[]): void {
    this._selected = new Set(order);
    this._changed.emit();
  }

  /**
   * Clear the selection, the focus and the anchor.
   */
  clear(): void {
    if (
      this._selected.size === 0 &&
      this._focus === null &&
      this._anchor === null
    ) {
      return;
    }
    this._selected = new Set();
    this._focus = null;
    this._anchor = null;
    this._changed.emit();
  }

  /**
   * Drop keys that are no longer listed, after a reload. Keys that are
   * still present stay selected, so a live update does not lose the
   * user's selection.
   */
  retain(order: readonly string[]): void {
    const present = new Set(order);
    const next = new Set([...this._selected].filter(k => present.has(k)));
    const focus =
      this._focus !== null && present.has(this._focus) ? this._focus : null;
    const anchor =
      this._anchor !== null && present.has(this._anchor) ? this._anchor : null;
    if (
      next.size === this._selected.size &&
      focus === this._focus &&
      anchor === this._anchor
    ) {
      return;
    }
    this._selected = next;
    this._focus = focus;
    this._anchor = anchor;
    this._changed.emit();
  }

  /**
   * Disconnect every slot.
   */
  dispose(): void {
    Signal.clearData(this);
  }

  private _selected: Set<string> = new Set();
  private _focus: string | null = null;
  private _anchor: string | null = null;
  private _changed = new Signal<this, void>(this);
}

/**
 * Return the keys from `from` to `to`, inclusive, in display order. When a
 * key is missing from `order`, only `to` is returned.
 */
export function rangeBetween(
  order: readonly string[],
  from: string,
  to: string
): string[] {
  const start = order.indexOf(from);
  const end = order.indexOf(to);
  if (start < 0 || end < 0) {
    return [to];
  }
  const [low, high] = start <= end ? [start, end] : [end, start];
  return order.slice(low, high + 1);
}
