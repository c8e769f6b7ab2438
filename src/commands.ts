import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Clipboard, showErrorMessage } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { refreshIcon } from '@jupyterlab/ui-components';
import { ExperimentsApiError } from './api/errors';
import type { ExperimentsBrowserModel } from './model/browser';
import { itemName } from './model/location';
import type { ExperimentsSidebar } from './widgets/ExperimentsSidebar';
import {
  confirmDelete,
  confirmForceAfterConflict
} from './widgets/deleteDialog';
import { experimentsIcon } from './icons';

/**
 * Ids of the commands of this extension.
 */
export namespace CommandIDs {
  export const openSidebar = 'jupyterlab-experiments:open-sidebar';
  export const refreshList = 'jupyterlab-experiments:refresh-list';
  export const goHome = 'jupyterlab-experiments:go-home';
  export const goUp = 'jupyterlab-experiments:go-up';
  export const openItem = 'jupyterlab-experiments:open-item';
  export const describeTrialComponent =
    'jupyterlab-experiments:describe-trial-component';
  export const deleteItems = 'jupyterlab-experiments:delete-items';
  export const copyName = 'jupyterlab-experiments:copy-name';
  export const showTrial = 'jupyterlab-experiments:show-trial';
}

/**
 * Objects that the commands act on.
 */
export interface ICommandContext {
  app: JupyterFrontEnd;
  sidebar: ExperimentsSidebar;
  model: ExperimentsBrowserModel;
  trans: TranslationBundle;
  /** Open or activate the describe tab of a trial component. */
  describe: (name: string) => Promise<void>;
}

/**
 * Register the commands of the Experiments sidebar.
 */
export function addCommands(context: ICommandContext): void {
  const { app, sidebar, model, trans } = context;
  const { commands } = app;
  const noArgs = { args: { type: 'object' as const, properties: {} } };
  const selectedRecords = () =>
    model.selectedItems.filter(item => item.kind !== 'unassigned');

  commands.addCommand(CommandIDs.openSidebar, {
    label: trans.__('Show Experiments'),
    caption: trans.__('Show the Experiments panel in the left sidebar'),
    icon: args => (args.isPalette ? undefined : experimentsIcon),
    describedBy: noArgs,
    execute: () => {
      app.shell.activateById(sidebar.id);
    }
  });

  commands.addCommand(CommandIDs.refreshList, {
    label: trans.__('Refresh Experiments'),
    caption: trans.__('Reload the list shown in the Experiments panel'),
    icon: args => (args.isPalette ? undefined : refreshIcon),
    describedBy: noArgs,
    execute: () => model.refresh()
  });

  commands.addCommand(CommandIDs.goHome, {
    label: trans.__('Show All Experiments'),
    caption: trans.__('Go back to the list of experiments'),
    describedBy: noArgs,
    execute: () => {
      app.shell.activateById(sidebar.id);
      return model.navigate({ kind: 'home' });
    }
  });

  commands.addCommand(CommandIDs.goUp, {
    label: trans.__('Up One Level'),
    caption: trans.__('Go to the level above in the Experiments panel'),
    describedBy: noArgs,
    isEnabled: () => model.location.kind !== 'home',
    execute: () => model.up()
  });

  commands.addCommand(CommandIDs.openItem, {
    label: trans.__('Open'),
    caption: trans.__('Show the contents of the selected experiment or trial'),
    describedBy: noArgs,
    isVisible: () => {
      const item = model.focusedItem;
      return item !== null && item.kind !== 'trialComponent';
    },
    execute: async () => {
      const item = model.focusedItem;
      if (item) {
        await model.open(item);
        sidebar.focusList();
      }
    }
  });

  commands.addCommand(CommandIDs.describeTrialComponent, {
    label: trans.__('Describe Trial Component'),
    caption: trans.__(
      'Open a tab with the metrics, parameters, artifacts and job settings of a trial component'
    ),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
            description: trans.__(
              'Name of the trial component; defaults to the selected one'
            )
          }
        }
      }
    },
    isEnabled: args =>
      typeof args.name === 'string' ||
      model.selectedItems.some(item => item.kind === 'trialComponent'),
    isVisible: args =>
      typeof args.name === 'string' ||
      model.selectedItems.some(item => item.kind === 'trialComponent'),
    execute: async args => {
      if (typeof args.name === 'string') {
        return context.describe(args.name);
      }
      for (const item of model.selectedItems) {
        if (item.kind === 'trialComponent') {
          await context.describe(item.trialComponent.name);
        }
      }
    }
  });

  commands.addCommand(CommandIDs.deleteItems, {
    label: trans.__('Delete…'),
    caption: trans.__(
      'Delete the selected experiments, trials or trial components'
    ),
    describedBy: noArgs,
    isEnabled: () => selectedRecords().length > 0,
    execute: async () => {
      const items = selectedRecords();
      if (items.length === 0) {
        return;
      }
      const choice = await confirmDelete(items, trans);
      if (!choice.confirmed) {
        sidebar.focusList();
        return;
      }
      let results = await model.deleteItems(items, { force: choice.force });
      let failures = results.filter(result => result.error !== null);
      if (failures.length > 0) {
        const force = await confirmForceAfterConflict(failures, trans);
        if (force) {
          const conflicts = failures
            .filter(
              result =>
                result.error instanceof ExperimentsApiError &&
                result.error.status === 409
            )
            .map(result => result.item);
          results = await model.deleteItems(conflicts, { force: true });
          failures = results.filter(result => result.error !== null);
          if (failures.length > 0) {
            await showErrorMessage(
              trans.__('Delete failed'),
              failures
                .map(
                  result => `${itemName(result.item)}: ${result.error?.message}`
                )
                .join('\n')
            );
          }
        }
      }
      sidebar.focusList();
    }
  });

  commands.addCommand(CommandIDs.copyName, {
    label: trans.__('Copy Name'),
    caption: trans.__(
      'Copy the names of the selected records to the clipboard'
    ),
    describedBy: noArgs,
    isEnabled: () => selectedRecords().length > 0,
    execute: () => {
      const names = selectedRecords().map(item => itemName(item) ?? '');
      Clipboard.copyToSystem(names.join('\n'));
    }
  });

  commands.addCommand(CommandIDs.showTrial, {
    label: trans.__('Show Trial in Experiments Panel'),
    caption: trans.__(
      'List the trial components of a trial in the Experiments panel'
    ),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          experimentName: { type: 'string' },
          trialName: { type: 'string' }
        },
        required: ['experimentName', 'trialName']
      }
    },
    execute: async args => {
      const experimentName = String(args.experimentName);
      const trialName = String(args.trialName);
      app.shell.activateById(sidebar.id);
      await model.navigate({
        kind: 'trial',
        experiment: { name: experimentName, label: experimentName },
        trial: { name: trialName, label: trialName }
      });
    }
  });
}
