import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import React from 'react';
import { ExperimentsApiError } from '../api/errors';
import type { IDeleteResult } from '../model/browser';
import { itemName, type BrowserItem } from '../model/location';

/**
 * The user's choice in the delete dialog.
 */
export interface IDeleteChoice {
  /** Whether the user confirmed. */
  confirmed: boolean;
  /** Whether to delete even when records are attached. */
  force: boolean;
}

/**
 * Ask the user to confirm deleting rows, listing each record, what is
 * attached to it and what force deletion removes as well.
 */
export async function confirmDelete(
  items: readonly BrowserItem[],
  trans: TranslationBundle
): Promise<IDeleteChoice> {
  const body = new DeleteBody(items, trans);
  const title =
    items.length === 1
      ? trans.__('Delete %1?', itemName(items[0]) ?? '')
      : trans.__('Delete %1 records?', items.length);
  const result = await showDialog({
    title,
    body,
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.warnButton({ label: trans.__('Delete') })
    ],
    defaultButton: 0
  });
  return {
    confirmed: result.button.accept,
    force: result.value ?? false
  };
}

/**
 * Show the rows the server refused to delete with its reasons, and offer
 * to delete them with force.
 *
 * @returns Whether the user chose to force the deletion.
 */
export async function confirmForceAfterConflict(
  failures: readonly IDeleteResult[],
  trans: TranslationBundle
): Promise<boolean> {
  const conflicts = failures.filter(
    result =>
      result.error instanceof ExperimentsApiError && result.error.status === 409
  );
  const body = (
    <div className="jp-ExperimentsDeleteDialog">
      <p>
        {trans._n(
          '%1 record was not deleted:',
          '%1 records were not deleted:',
          failures.length
        )}
      </p>
      <ul className="jp-ExperimentsDeleteDialog-list">
        {failures.map(result => (
          <li key={result.item.key}>
            <span className="jp-ExperimentsDeleteDialog-name">
              {itemName(result.item)}
            </span>
            {': '}
            {result.error?.message}
          </li>
        ))}
      </ul>
      {conflicts.length > 0 && (
        <p>
          {forceConsequences(
            conflicts.map(result => result.item),
            trans
          )}
        </p>
      )}
    </div>
  );
  const buttons =
    conflicts.length > 0
      ? [
          Dialog.cancelButton({ label: trans.__('Keep') }),
          Dialog.warnButton({ label: trans.__('Force delete') })
        ]
      : [Dialog.okButton({ label: trans.__('Close') })];
  const result = await showDialog({
    title: trans.__('Delete failed'),
    body,
    buttons,
    defaultButton: 0
  });
  return conflicts.length > 0 && result.button.accept;
}

/**
 * Body of the delete dialog, whose value is the state of the force box.
 */
class DeleteBody extends ReactWidget implements Dialog.IBodyWidget<boolean> {
  constructor(items: readonly BrowserItem[], trans: TranslationBundle) {
    super();
    this._items = items;
    this._trans = trans;
    this.addClass('jp-ExperimentsDeleteDialog');
  }

  getValue(): boolean {
    return this._force;
  }

  protected render(): JSX.Element {
    const trans = this._trans;
    const attached = this._items.filter(hasAttachments);
    return (
      <>
        <p>
          {trans._n(
            'This deletes the following record from the store:',
            'This deletes the following %1 records from the store:',
            this._items.length
          )}
        </p>
        <ul className="jp-ExperimentsDeleteDialog-list">
          {this._items.map(item => (
            <li key={item.key}>{describeItem(item, trans)}</li>
          ))}
        </ul>
        {attached.length > 0 && (
          <>
            <p>
              {trans.__(
                'Records that still have trials or trial components attached cannot be deleted unless you force it.'
              )}
            </p>
            <label className="jp-ExperimentsDeleteDialog-force">
              <input
                type="checkbox"
                defaultChecked={false}
                onChange={event => {
                  this._force = event.currentTarget.checked;
                }}
              />
              {forceConsequences(attached, trans)}
            </label>
          </>
        )}
        <p>{trans.__('This cannot be undone.')}</p>
      </>
    );
  }

  private _items: readonly BrowserItem[];
  private _trans: TranslationBundle;
  private _force = false;
}

/**
 * Tell whether a record has others attached, so that deleting it needs force.
 */
function hasAttachments(item: BrowserItem): boolean {
  switch (item.kind) {
    case 'experiment':
      return item.experiment.trial_count > 0;
    case 'trial':
      return item.trial.trial_component_count > 0;
    case 'trialComponent':
      return item.trialComponent.parents.length > 0;
    case 'unassigned':
      return false;
  }
}

function describeItem(item: BrowserItem, trans: TranslationBundle): string {
  switch (item.kind) {
    case 'experiment':
      return trans._n(
        'Experiment "%2", which has %1 trial',
        'Experiment "%2", which has %1 trials',
        item.experiment.trial_count,
        item.experiment.name
      );
    case 'trial':
      return trans._n(
        'Trial "%2", which has %1 trial component',
        'Trial "%2", which has %1 trial components',
        item.trial.trial_component_count,
        item.trial.name
      );
    case 'trialComponent':
      return trans._n(
        'Trial component "%2", which belongs to %1 trial',
        'Trial component "%2", which belongs to %1 trials',
        item.trialComponent.parents.length,
        item.trialComponent.name
      );
    case 'unassigned':
      return '';
  }
}

/**
 * Say what force deletion removes besides the records themselves.
 */
function forceConsequences(
  items: readonly BrowserItem[],
  trans: TranslationBundle
): string {
  const kinds = new Set(items.map(item => item.kind));
  const parts: string[] = [];
  if (kinds.has('experiment')) {
    parts.push(
      trans.__(
        'Force: delete each experiment with all its trials and all their trial components.'
      )
    );
  }
  if (kinds.has('trial')) {
    parts.push(
      trans.__('Force: delete each trial with all its trial components.')
    );
  }
  if (kinds.has('trialComponent')) {
    parts.push(
      trans.__(
        'Force: remove each trial component from its trials, then delete it.'
      )
    );
  }
  return parts.join(' ');
}
