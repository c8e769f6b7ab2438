import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  IThemeManager,
  WidgetTracker
} from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { ExperimentsClient } from './api/client';
import { addCommands, CommandIDs } from './commands';
import {
  addTableCommands,
  linkColumnSetting,
  TableCommandIDs
} from './tableCommands';
import { ExperimentsBrowserModel } from './model/browser';
import { isBrowserLocation } from './model/location';
import { RevisionMonitor } from './model/revision';
import { IExperimentsClient } from './tokens';
import { describeWidgetId } from './widgets/describeWidgetId';
import type { DescribeWidget } from './widgets/DescribeWidget';
import { ExperimentsSidebar } from './widgets/ExperimentsSidebar';

/** Key under which the sidebar's current level is kept between sessions. */
const STATE_KEY = 'jupyterlab-experiments:sidebar';

/** Rank of the panel among the left sidebar's tabs; file browser is 100. */
const SIDEBAR_RANK = 600;

/**
 * Provides the REST client, built from the application's server settings.
 */
const clientPlugin: JupyterFrontEndPlugin<IExperimentsClient> = {
  id: 'jupyterlab-experiments:client',
  description: 'Provides the client of the jupyterlab-experiments REST API.',
  autoStart: true,
  provides: IExperimentsClient,
  optional: [ITranslator],
  activate: (
    app: JupyterFrontEnd,
    translator: ITranslator | null
  ): IExperimentsClient =>
    new ExperimentsClient({
      serverSettings: app.serviceManager.serverSettings,
      translator: translator ?? nullTranslator
    })
};

/**
 * Adds the Experiments panel to the left sidebar, the describe tabs and
 * the commands.
 */
const sidebarPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-experiments:sidebar',
  description:
    'Adds the Experiments panel, which lists experiments, trials and trial components.',
  autoStart: true,
  requires: [IExperimentsClient, ITranslator],
  optional: [
    ISettingRegistry,
    ILayoutRestorer,
    IStateDB,
    ICommandPalette,
    IThemeManager,
    INotebookTracker
  ],
  activate: (
    app: JupyterFrontEnd,
    client: IExperimentsClient,
    translator: ITranslator,
    settingRegistry: ISettingRegistry | null,
    restorer: ILayoutRestorer | null,
    state: IStateDB | null,
    palette: ICommandPalette | null,
    themes: IThemeManager | null,
    notebooks: INotebookTracker | null
  ): void => {
    const trans = translator.load('jupyterlab_experiments');
    const tracker = new WidgetTracker<DescribeWidget>({
      namespace: 'jupyterlab-experiments-describe'
    });
    const monitor = new RevisionMonitor({ client });
    const model = new ExperimentsBrowserModel({
      client,
      monitor,
      unassignedLabel: trans.__('Unassigned trial components')
    });

    const describe = async (name: string): Promise<void> => {
      const id = describeWidgetId(name);
      const open = tracker.find(widget => widget.id === id);
      if (open) {
        app.shell.activateById(open.id);
        return;
      }
      // The describe tab is loaded on first use, so it does not delay start-up.
      const [{ DescribeWidget }, { TrialComponentModel }] = await Promise.all([
        import('./widgets/DescribeWidget'),
        import('./model/describe')
      ]);
      if (tracker.find(widget => widget.id === id)) {
        // A second request opened the tab while the modules were loading.
        app.shell.activateById(id);
        return;
      }
      const widget = new DescribeWidget({
        model: new TrialComponentModel({ name, client, monitor }),
        translator,
        onDescribe: name => void describe(name),
        onShowTrial: parent =>
          void app.commands.execute(CommandIDs.showTrial, {
            experimentName: parent.experiment_name,
            trialName: parent.trial_name
          })
      });
      void tracker.add(widget);
      app.shell.add(widget, 'main');
      app.shell.activateById(widget.id);
    };

    const sidebar = new ExperimentsSidebar({
      model,
      monitor,
      translator,
      onDescribe: name => void describe(name),
      onDelete: () => void app.commands.execute(CommandIDs.deleteItems)
    });
    app.shell.add(sidebar, 'left', { rank: SIDEBAR_RANK });
    restorer?.add(sidebar, sidebar.id);

    addCommands({ app, sidebar, model, trans, describe });
    const columns = addTableCommands({
      app,
      client,
      monitor,
      model,
      translator,
      trans,
      describe,
      restorer,
      themeChanged: themes?.themeChanged,
      notebooks
    });
    const category = trans.__('Experiments');
    for (const command of [
      TableCommandIDs.openTable,
      TableCommandIDs.compare,
      TableCommandIDs.exportCsv,
      TableCommandIDs.tableProperties,
      TableCommandIDs.addChart,
      CommandIDs.openSidebar,
      CommandIDs.refreshList,
      CommandIDs.goHome,
      CommandIDs.goUp,
      CommandIDs.describeTrialComponent,
      CommandIDs.deleteItems,
      CommandIDs.copyName
    ]) {
      palette?.addItem({ command, category });
    }

    if (restorer) {
      void restorer.restore(tracker, {
        command: CommandIDs.describeTrialComponent,
        args: widget => ({ name: widget.content.model.name }),
        name: widget => widget.content.model.name
      });
    }

    // Remember the level across page reloads.
    model.locationChanged.connect((_, location) => {
      void state?.save(STATE_KEY, {
        location
      } as unknown as ReadonlyPartialJSONObject);
    });
    void Promise.all([
      app.restored,
      state?.fetch(STATE_KEY) ?? Promise.resolve(undefined)
    ])
      .then(([, saved]) => {
        const location = (saved as { location?: unknown } | undefined)
          ?.location;
        return model.navigate(
          isBrowserLocation(location) ? location : { kind: 'home' }
        );
      })
      .catch(reason => {
        console.warn('Could not restore the Experiments panel level.', reason);
        return model.navigate({ kind: 'home' });
      });

    if (settingRegistry) {
      const applySettings = (settings: ISettingRegistry.ISettings): void => {
        const seconds = settings.get('refreshInterval').composite as number;
        monitor.interval = Math.max(0.5, seconds) * 1000;
      };
      settingRegistry
        .load(sidebarPlugin.id)
        .then(settings => {
          applySettings(settings);
          settings.changed.connect(applySettings);
          linkColumnSetting(columns, settings);
        })
        .catch(reason => {
          console.error(
            'Failed to load the settings of the Experiments panel.',
            reason
          );
        });
    }
  }
};

export default [clientPlugin, sidebarPlugin];
