import type { TranslationBundle } from '@jupyterlab/translation';
import {
  refreshIcon,
  ToolbarButtonComponent,
  caretUpIcon
} from '@jupyterlab/ui-components';
import React from 'react';

/**
 * Properties of `BrowserToolbar`.
 */
export interface IBrowserToolbarProps {
  /** Text in the search box. */
  search: string;
  /** Translated placeholder of the search box, naming what it filters. */
  searchPlaceholder: string;
  /** Whether there is a level above the current one. */
  canGoUp: boolean;
  trans: TranslationBundle;
  onSearch: (text: string) => void;
  onRefresh: () => void;
  onUp: () => void;
}

/**
 * Search box, "up one level" and refresh buttons above the list.
 */
export function BrowserToolbar(props: IBrowserToolbarProps): JSX.Element {
  const { trans } = props;
  return (
    <div className="jp-ExperimentsBrowser-toolbar">
      <input
        type="search"
        className="jp-ExperimentsBrowser-search jp-mod-styled"
        placeholder={props.searchPlaceholder}
        aria-label={props.searchPlaceholder}
        value={props.search}
        onChange={event => props.onSearch(event.currentTarget.value)}
        onKeyDown={event => {
          if (event.key === 'Escape' && props.search) {
            event.stopPropagation();
            props.onSearch('');
          }
        }}
      />
      <ToolbarButtonComponent
        icon={caretUpIcon}
        tooltip={trans.__('Up one level (Backspace)')}
        enabled={props.canGoUp}
        onClick={props.onUp}
      />
      <ToolbarButtonComponent
        icon={refreshIcon}
        tooltip={trans.__('Refresh')}
        onClick={props.onRefresh}
      />
    </div>
  );
}
