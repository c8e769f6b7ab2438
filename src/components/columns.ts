import type { TranslationBundle } from '@jupyterlab/translation';
import type { ITrialComponent } from '../api/types';
import { displayName, formatRelativeTime, formatTime } from '../model/format';
import type { BrowserItem, BrowserLocation } from '../model/location';

/**
 * A column of the experiments browser.
 */
export interface IColumn {
  /** Canonical key such as `name` or `creation_time`. */
  id: string;
  /** Translated header text. */
  label: string;
  /** Narrowest width in pixels; columns that do not fit are hidden. */
  minWidth: number;
  /** Share of the remaining width, as a CSS grid `fr` factor. */
  grow: number;
  /** Return the cell text of a row. Cells are rendered as text, never HTML. */
  renderCell: (item: BrowserItem) => string;
  /** Return the tooltip of a cell; defaults to the cell text. */
  renderTitle?: (item: BrowserItem) => string;
}

/**
 * Return the columns shown at a level of the browser.
 */
export function columnsFor(
  location: BrowserLocation,
  trans: TranslationBundle
): IColumn[] {
  const name: IColumn = {
    id: 'name',
    label: trans.__('Name'),
    minWidth: 140,
    grow: 3,
    renderCell: item => itemLabel(item, trans)
  };
  const created: IColumn = {
    id: 'creation_time',
    label: trans.__('Created'),
    minWidth: 100,
    grow: 1.5,
    renderCell: item => formatRelativeTime(recordOf(item)?.creation_time),
    renderTitle: item => formatTime(recordOf(item)?.creation_time)
  };
  const modified: IColumn = {
    id: 'last_modified_time',
    label: trans.__('Last modified'),
    minWidth: 100,
    grow: 1.5,
    renderCell: item => formatRelativeTime(recordOf(item)?.last_modified_time),
    renderTitle: item => formatTime(recordOf(item)?.last_modified_time)
  };

  switch (location.kind) {
    case 'home':
      return [
        name,
        {
          id: 'description',
          label: trans.__('Description'),
          minWidth: 104,
          grow: 2,
          renderCell: item =>
            item.kind === 'experiment'
              ? (item.experiment.description ?? '')
              : ''
        },
        {
          id: 'trial_count',
          label: trans.__('Trials'),
          minWidth: 52,
          grow: 0.6,
          renderCell: item =>
            item.kind === 'experiment'
              ? String(item.experiment.trial_count)
              : ''
        },
        created,
        modified
      ];
    case 'experiment':
      return [
        name,
        {
          id: 'trial_component_count',
          label: trans.__('Components'),
          minWidth: 96,
          grow: 0.8,
          renderCell: item =>
            item.kind === 'trial'
              ? String(item.trial.trial_component_count)
              : ''
        },
        created,
        modified
      ];
    case 'trial':
    case 'unassigned':
      return [
        name,
        {
          id: 'status',
          label: trans.__('Status'),
          minWidth: 90,
          grow: 1,
          renderCell: item =>
            item.kind === 'trialComponent'
              ? statusLabel(item.trialComponent, trans)
              : ''
        },
        {
          id: 'type',
          label: trans.__('Type'),
          minWidth: 91,
          grow: 1,
          renderCell: item =>
            item.kind === 'trialComponent'
              ? componentType(item.trialComponent, trans)
              : ''
        },
        created,
        modified
      ];
  }
}

/**
 * Return the text that names a row: the display name, or the label of the
 * unassigned entry.
 */
export function itemLabel(item: BrowserItem, trans: TranslationBundle): string {
  switch (item.kind) {
    case 'unassigned':
      return trans.__('Unassigned trial components');
    case 'experiment':
      return displayName(item.experiment);
    case 'trial':
      return displayName(item.trial);
    case 'trialComponent':
      return displayName(item.trialComponent);
  }
}

/**
 * Return the translated status of a trial component.
 */
export function statusLabel(
  component: ITrialComponent,
  trans: TranslationBundle
): string {
  const status = component.status?.primary_status;
  switch (status) {
    case 'InProgress':
      return trans.__('In progress');
    case 'Completed':
      return trans.__('Completed');
    case 'Failed':
      return trans.__('Failed');
    case 'Stopping':
      return trans.__('Stopping');
    case 'Stopped':
      return trans.__('Stopped');
    case null:
    case undefined:
      return '';
    default:
      return status;
  }
}

/**
 * Return the kind of job that created a trial component, named as in
 * SageMaker Studio ("Training job", …, or "Others" when no job did).
 */
export function componentType(
  component: ITrialComponent,
  trans: TranslationBundle
): string {
  const sourceType = component.source?.source_type;
  switch (sourceType) {
    case 'SageMakerTrainingJob':
      return trans.__('Training job');
    case 'SageMakerProcessingJob':
      return trans.__('Processing job');
    case 'SageMakerTransformJob':
      return trans.__('Transform job');
    case null:
    case undefined:
      return trans.__('Others');
    default:
      return sourceType;
  }
}

function recordOf(
  item: BrowserItem
): { creation_time: string | null; last_modified_time: string | null } | null {
  switch (item.kind) {
    case 'unassigned':
      return null;
    case 'experiment':
      return item.experiment;
    case 'trial':
      return item.trial;
    case 'trialComponent':
      return item.trialComponent;
  }
}
