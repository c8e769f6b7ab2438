import { type ISignal, Signal } from '@lumino/signaling';
import type { ColumnVisibility } from './tableColumns';

/**
 * The user's choice of table columns, shared by every open table and kept
 * in the user's settings, so it persists across sessions and workspaces.
 */
export class ColumnVisibilityStore {
  /** Emitted after the choice changes, here or in the settings. */
  get changed(): ISignal<this, ColumnVisibility> {
    return this._changed;
  }

  /** Columns shown (`true`) or hidden (`false`) by key. */
  get value(): ColumnVisibility {
    return this._value;
  }

  /**
   * Replace the whole choice, such as when the settings change.
   */
  set(value: ColumnVisibility): void {
    if (JSON.stringify(value) === JSON.stringify(this._value)) {
      return;
    }
    this._value = { ...value };
    this._changed.emit(this._value);
  }

  /**
   * Show or hide some columns, keeping the choice for the others.
   */
  update(changes: ColumnVisibility): void {
    this.set({ ...this._value, ...changes });
  }

  private _value: ColumnVisibility = {};
  private _changed = new Signal<this, ColumnVisibility>(this);
}
