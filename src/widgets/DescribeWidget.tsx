import { MainAreaWidget } from '@jupyterlab/apputils';
import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import React from 'react';
import type { IParent } from '../api/types';
import { DescribeView } from '../components/DescribeView';
import type { TrialComponentModel } from '../model/describe';
import { displayName } from '../model/format';
import { experimentsIcon } from '../icons';
import { describeWidgetId } from './describeWidgetId';

/**
 * Content of the "Describe trial component" tab.
 */
export class DescribeContent extends ReactWidget {
  /**
   * Create the content for a model; the model is disposed with the widget.
   */
  constructor(options: DescribeWidget.IOptions) {
    super();
    this.model = options.model;
    this._trans = options.translator.load('jupyterlab_experiments');
    this._onDescribe = options.onDescribe;
    this._onShowTrial = options.onShowTrial;
    this.addClass('jp-ExperimentsDescribe');
  }

  /** The model shown by this view. */
  readonly model: TrialComponentModel;

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.model.dispose();
    super.dispose();
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this.model.changed}>
        {() => {
          const model = this.model;
          return (
            <DescribeView
              id={this.id || `jp-experiments-describe-${model.name}`}
              name={model.name}
              component={model.component}
              stages={model.stages}
              loading={model.loading}
              error={model.error}
              hasLog={model.hasLog}
              log={model.log}
              logComplete={model.logComplete}
              logTruncated={model.logTruncated}
              logError={model.logError}
              charts={model.charts}
              trans={this._trans}
              onDescribe={this._onDescribe}
              onShowTrial={this._onShowTrial}
            />
          );
        }}
      </UseSignal>
    );
  }

  private _trans: TranslationBundle;
  private _onDescribe: (name: string) => void;
  private _onShowTrial: (parent: IParent) => void;
}

/**
 * The "Describe trial component" tab of the main area.
 */
export class DescribeWidget extends MainAreaWidget<DescribeContent> {
  /**
   * Create the tab and start loading the component.
   */
  constructor(options: DescribeWidget.IOptions) {
    const content = new DescribeContent(options);
    super({ content });
    const trans = options.translator.load('jupyterlab_experiments');
    this.id = describeWidgetId(options.model.name);
    content.id = `${this.id}-content`;
    // MainAreaWidget labels its content generically; name the component instead.
    content.node.setAttribute('role', 'region');
    content.node.setAttribute(
      'aria-label',
      trans.__('Trial component %1', options.model.name)
    );
    this.addClass('jp-ExperimentsDescribeWidget');
    this.title.icon = experimentsIcon;
    this.title.closable = true;
    this.title.label = options.model.name;
    this.title.caption = trans.__('Trial component %1', options.model.name);

    // Use the display name once it is known; tab labels are set as text.
    options.model.changed.connect(model => {
      if (model.component) {
        this.title.label = displayName(model.component);
      }
    }, this);
    void options.model.load();
  }
}

/**
 * A namespace for `DescribeWidget` statics.
 */
export namespace DescribeWidget {
  /**
   * Options of the describe tab and its content.
   */
  export interface IOptions {
    model: TrialComponentModel;
    translator: ITranslator;
    /** Called to describe another component. */
    onDescribe: (name: string) => void;
    /** Called to show a trial in the sidebar. */
    onShowTrial: (parent: IParent) => void;
  }
}
