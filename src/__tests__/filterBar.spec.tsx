import { nullTranslator } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { MessageLoop } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import React, { act } from 'react';
import { FilterBar } from '../components/FilterBar';
import { tableColumns } from '../model/tableColumns';
import {
  formatSearchExpression,
  emptyFilter,
  type ITableFilter
} from '../model/tableFilter';
import { localInputToIso } from '../model/localTime';
import type { IColumnValues } from '../tokens';

// Tell React that updates run inside act(), so it flushes them there.
(
  globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
).IS_REACT_ACT_ENVIRONMENT = true;

const trans = nullTranslator.load('jupyterlab_experiments');

const columns = tableColumns(
  {
    parameters: ['lr', 'optimizer'],
    metrics: ['test:accuracy'],
    input_artifacts: [],
    output_artifacts: []
  },
  trans
);

const ACCURACY = 'Metrics.test:accuracy.Max';

/**
 * A filter bar mounted in the document, with the parent's side recorded.
 */
class Harness {
  constructor(filter: ITableFilter = emptyFilter()) {
    this.filter = filter;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const harness = this;
    this.widget = new (class extends ReactWidget {
      render() {
        return (
          <FilterBar
            filter={harness.filter}
            columns={columns}
            trans={trans}
            onApply={filter => harness.applied.push(filter)}
            onCopyExpression={expression =>
              harness.copied.push(formatSearchExpression(expression))
            }
            loadValues={(key, search) => harness.loadValues(key, search)}
          />
        );
      }
    })();
    act(() => Widget.attach(this.widget, document.body));
  }

  filter: ITableFilter;
  readonly widget: ReactWidget;
  readonly applied: ITableFilter[] = [];
  readonly copied: string[] = [];
  readonly requests: [string, string][] = [];
  values: IColumnValues = { values: [], truncated: false };
  /** Values of single columns, in place of `values`. */
  valuesByColumn: { [key: string]: (string | number)[] } = {};
  loadError: Error | null = null;

  get node(): HTMLElement {
    return this.widget.node;
  }

  loadValues(key: string, search: string): Promise<IColumnValues> {
    this.requests.push([key, search]);
    if (this.loadError) {
      return Promise.reject(this.loadError);
    }
    const all = this.valuesByColumn[key] ?? this.values.values;
    const values = all.filter(value => String(value).includes(search));
    return Promise.resolve({ ...this.values, values });
  }

  /** Pass a filter as the parent does after Apply or a reset. */
  setFilter(filter: ITableFilter): void {
    this.filter = filter;
    act(() => MessageLoop.sendMessage(this.widget, Widget.Msg.UpdateRequest));
  }

  row(index: number): HTMLElement {
    const row = this.node.querySelector<HTMLElement>(
      `[role="group"][aria-label="Condition ${index}"]`
    );
    if (!row) {
      throw new Error(`No condition ${index}`);
    }
    return row;
  }

  rows(): HTMLElement[] {
    return [
      ...this.node.querySelectorAll<HTMLElement>('.jp-ExperimentsFilterBar-row')
    ];
  }

  button(text: string): HTMLButtonElement {
    const button = [...this.node.querySelectorAll('button')].find(
      item =>
        item.textContent === text || item.getAttribute('aria-label') === text
    );
    if (!button) {
      throw new Error(`No button ${text}`);
    }
    return button;
  }

  click(element: HTMLElement): void {
    act(() => element.click());
  }

  apply(): void {
    this.click(this.button('Apply'));
  }

  dispose(): void {
    act(() => this.widget.dispose());
  }
}

/**
 * Return the control that a label in `scope` names.
 */
function labelled<T extends HTMLElement>(scope: HTMLElement, text: string): T {
  const label = [...scope.querySelectorAll('label')].find(
    item => item.textContent === text
  );
  const control = label?.htmlFor
    ? document.getElementById(label.htmlFor)
    : label?.querySelector('input, select');
  if (!control) {
    throw new Error(`No control labelled ${text}`);
  }
  return control as T;
}

/**
 * Set the value of an input or select as typing or choosing does, so that
 * React calls the `onChange` handler.
 */
function enter(element: HTMLInputElement | HTMLSelectElement, value: string) {
  const isSelect = element instanceof HTMLSelectElement;
  const prototype = isSelect
    ? HTMLSelectElement.prototype
    : HTMLInputElement.prototype;
  act(() => {
    Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(
      element,
      value
    );
    element.dispatchEvent(
      new Event(isSelect ? 'change' : 'input', { bubbles: true })
    );
  });
}

function blur(element: HTMLElement) {
  act(() => {
    element.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
  });
}

/** Let pending promises and timers of the value picker settle. */
async function settle(ms = 0): Promise<void> {
  await act(() => new Promise(resolve => setTimeout(resolve, ms)));
}

describe('FilterBar', () => {
  let harness: Harness;

  afterEach(() => {
    harness.dispose();
  });

  describe('#render()', () => {
    it('should show a row per condition of the filter', () => {
      harness = new Harness({
        combinator: 'Or',
        conditions: [
          { column: ACCURACY, operator: 'greaterThan', value: '0.9' },
          { column: 'DisplayName', operator: 'exists' }
        ]
      });
      expect(harness.rows()).toHaveLength(2);
      const first = harness.row(1);
      expect(labelled<HTMLSelectElement>(first, 'Column').value).toBe(ACCURACY);
      expect(labelled<HTMLSelectElement>(first, 'Operator').value).toBe(
        'greaterThan'
      );
      expect(labelled<HTMLInputElement>(first, 'Value').value).toBe('0.9');
      expect(
        labelled<HTMLInputElement>(harness.node, 'Match any (OR)').checked
      ).toBe(true);
    });

    it('should label every control', () => {
      harness = new Harness({
        combinator: 'And',
        conditions: [
          { column: ACCURACY, operator: 'greaterThan', value: '0.9' },
          {
            column: 'CreationTime',
            operator: 'between',
            from: null,
            to: null
          }
        ]
      });
      const controls = harness.node.querySelectorAll('input, select');
      expect(controls.length).toBeGreaterThan(0);
      controls.forEach(control => {
        const named =
          control.closest('label') !== null ||
          harness.node.querySelector(`label[for="${control.id}"]`) !== null;
        expect(named).toBe(true);
      });
    });

    it('should say when there are no conditions', () => {
      harness = new Harness();
      expect(harness.node.textContent).toContain('No conditions');
      expect(harness.button('Copy as search expression').disabled).toBe(true);
    });
  });

  describe('Add filter', () => {
    it('should add a row on the first column and focus it', () => {
      harness = new Harness();
      harness.click(harness.button('Add filter'));
      expect(harness.rows()).toHaveLength(1);
      const column = labelled<HTMLSelectElement>(harness.row(1), 'Column');
      expect(column.value).toBe(columns[0].key);
      expect(document.activeElement).toBe(column);
    });
  });

  describe('#apply()', () => {
    it('should emit the conditions as entered', () => {
      harness = new Harness();
      harness.click(harness.button('Add filter'));
      const row = harness.row(1);
      enter(labelled(row, 'Column'), ACCURACY);
      expect(labelled<HTMLSelectElement>(row, 'Operator').value).toBe(
        'greaterThan'
      );
      enter(labelled(row, 'Operator'), 'lessThanOrEqualTo');
      enter(labelled(row, 'Value'), '0.25');
      harness.click(labelled(harness.node, 'Match any (OR)'));
      harness.apply();
      expect(harness.applied).toEqual([
        {
          combinator: 'Or',
          conditions: [
            { column: ACCURACY, operator: 'lessThanOrEqualTo', value: '0.25' }
          ]
        }
      ]);
    });

    it('should leave out invalid rows and mark them', () => {
      harness = new Harness();
      harness.click(harness.button('Add filter'));
      harness.click(harness.button('Add filter'));
      enter(labelled(harness.row(1), 'Column'), ACCURACY);
      enter(labelled(harness.row(1), 'Value'), 'high');
      enter(labelled(harness.row(2), 'Value'), 'mnist');
      harness.apply();

      expect(harness.applied).toEqual([
        {
          combinator: 'And',
          conditions: [
            {
              column: 'TrialComponentName',
              operator: 'contains',
              value: 'mnist'
            }
          ]
        }
      ]);
      const value = labelled<HTMLInputElement>(harness.row(1), 'Value');
      expect(value.getAttribute('aria-invalid')).toBe('true');
      const message = document.getElementById(
        value.getAttribute('aria-describedby') ?? ''
      );
      expect(message?.textContent).toMatch(/"high" is not a number/);
      expect(
        labelled(harness.row(2), 'Value').getAttribute('aria-invalid')
      ).toBe('false');
      expect(
        harness.node.querySelector('.jp-ExperimentsFilterBar-message')
          ?.textContent
      ).toBe('1 condition is not valid and was not applied.');
    });

    it('should keep invalid rows when the parent passes the filter back', () => {
      harness = new Harness();
      harness.click(harness.button('Add filter'));
      harness.click(harness.button('Add filter'));
      enter(labelled(harness.row(2), 'Value'), 'mnist');
      harness.apply();
      harness.setFilter(harness.applied[0]);
      expect(harness.rows()).toHaveLength(2);
    });

    it('should start over when the parent passes another filter', () => {
      harness = new Harness();
      harness.click(harness.button('Add filter'));
      harness.setFilter(emptyFilter());
      expect(harness.rows()).toHaveLength(0);
    });

    it('should show the error of an untouched row only after Apply', () => {
      harness = new Harness();
      harness.click(harness.button('Add filter'));
      const value = labelled<HTMLInputElement>(harness.row(1), 'Value');
      expect(value.getAttribute('aria-invalid')).toBe('false');
      harness.apply();
      expect(value.getAttribute('aria-invalid')).toBe('true');
      expect(harness.row(1).textContent).toContain('Enter a value.');
    });

    it('should show an error once a typed value loses the focus', () => {
      harness = new Harness();
      harness.click(harness.button('Add filter'));
      enter(labelled(harness.row(1), 'Column'), 'Parameters.lr');
      enter(labelled(harness.row(1), 'Operator'), 'greaterThan');
      const value = labelled<HTMLInputElement>(harness.row(1), 'Value');
      enter(value, 'x');
      blur(value);
      expect(value.getAttribute('aria-invalid')).toBe('true');
    });
  });

  describe('Remove condition', () => {
    it('should remove the row', () => {
      harness = new Harness({
        combinator: 'And',
        conditions: [
          { column: 'DisplayName', operator: 'exists' },
          { column: 'Trials', operator: 'notExists' }
        ]
      });
      harness.click(harness.button('Remove condition 1'));
      expect(harness.rows()).toHaveLength(1);
      expect(labelled<HTMLSelectElement>(harness.row(1), 'Column').value).toBe(
        'Trials'
      );
    });
  });

  describe('Copy as search expression', () => {
    it('should pass the formatted expression of the valid rows', () => {
      harness = new Harness();
      harness.click(harness.button('Add filter'));
      harness.click(harness.button('Add filter'));
      enter(labelled(harness.row(1), 'Value'), 'mnist');
      harness.click(harness.button('Copy as search expression'));
      expect(harness.copied).toEqual([
        JSON.stringify(
          {
            Filters: [
              {
                Name: 'TrialComponentName',
                Operator: 'Contains',
                Value: 'mnist'
              }
            ]
          },
          null,
          2
        )
      ]);
      expect(harness.applied).toEqual([]);
    });
  });

  describe('value picker', () => {
    it('should load values and emit the picked ones', async () => {
      harness = new Harness();
      harness.values = { values: ['Completed', 'Failed'], truncated: false };
      harness.click(harness.button('Add filter'));
      enter(labelled(harness.row(1), 'Column'), 'Status.PrimaryStatus');
      await settle();

      expect(harness.requests).toEqual([['Status.PrimaryStatus', '']]);
      harness.click(labelled(harness.row(1), 'Completed'));
      harness.click(labelled(harness.row(1), 'Failed'));
      harness.apply();
      expect(harness.applied[0].conditions).toEqual([
        {
          column: 'Status.PrimaryStatus',
          operator: 'oneOf',
          values: ['Completed', 'Failed']
        }
      ]);
    });

    it('should search values and keep picked ones listed', async () => {
      harness = new Harness();
      harness.values = { values: ['alpha', 'beta', 7], truncated: true };
      harness.click(harness.button('Add filter'));
      enter(labelled(harness.row(1), 'Column'), 'Parameters.optimizer');
      enter(labelled(harness.row(1), 'Operator'), 'oneOf');
      await settle();
      expect(harness.row(1).textContent).toContain(
        'Only the first 3 values are listed'
      );
      harness.click(labelled(harness.row(1), '7'));

      enter(labelled(harness.row(1), 'Search values'), 'alp');
      // Wait out the delay that batches key presses into one request.
      await settle(400);
      expect(harness.requests[1]).toEqual(['Parameters.optimizer', 'alp']);
      const options = [
        ...harness.row(1).querySelectorAll('.jp-ExperimentsFilterBar-option')
      ].map(option => option.textContent);
      expect(options).toEqual(['7', 'alpha']);
      expect(labelled<HTMLInputElement>(harness.row(1), '7').checked).toBe(
        true
      );
    });

    it('should list the values of a newly chosen column', async () => {
      harness = new Harness();
      harness.valuesByColumn = {
        TrialComponentName: ['train-1'],
        DisplayName: ['Training']
      };
      harness.click(harness.button('Add filter'));
      enter(labelled(harness.row(1), 'Operator'), 'oneOf');
      await settle();
      harness.click(labelled(harness.row(1), 'train-1'));
      enter(labelled(harness.row(1), 'Column'), 'DisplayName');
      expect(harness.row(1).textContent).not.toContain('train-1');
      await settle();

      expect(harness.requests).toEqual([
        ['TrialComponentName', ''],
        ['DisplayName', '']
      ]);
      expect(
        labelled<HTMLInputElement>(harness.row(1), 'Training').checked
      ).toBe(false);
      expect(harness.row(1).textContent).not.toContain('train-1');
    });

    it('should render values as text', async () => {
      harness = new Harness();
      harness.values = { values: ['<b>bold</b>'], truncated: false };
      harness.click(harness.button('Add filter'));
      enter(labelled(harness.row(1), 'Operator'), 'oneOf');
      await settle();
      expect(labelled(harness.row(1), '<b>bold</b>')).toBeTruthy();
      expect(harness.row(1).querySelector('b')).toBeNull();
    });

    it('should report values that fail to load', async () => {
      harness = new Harness();
      harness.loadError = new Error('Server unreachable');
      harness.click(harness.button('Add filter'));
      enter(labelled(harness.row(1), 'Operator'), 'oneOf');
      await settle();
      expect(harness.row(1).textContent).toContain(
        'Could not load the values: Server unreachable'
      );
    });
  });

  describe('time range', () => {
    it('should emit local input as UTC ISO text', () => {
      harness = new Harness();
      harness.click(harness.button('Add filter'));
      enter(labelled(harness.row(1), 'Column'), 'CreationTime');
      enter(labelled(harness.row(1), 'From'), '2026-03-01T10:30');
      harness.apply();
      expect(harness.applied[0].conditions).toEqual([
        {
          column: 'CreationTime',
          operator: 'between',
          from: localInputToIso('2026-03-01T10:30'),
          to: null
        }
      ]);
      expect(labelled<HTMLInputElement>(harness.row(1), 'From').value).toBe(
        '2026-03-01T10:30'
      );
    });

    it('should mark a start after the end', () => {
      harness = new Harness();
      harness.click(harness.button('Add filter'));
      enter(labelled(harness.row(1), 'Column'), 'CreationTime');
      enter(labelled(harness.row(1), 'From'), '2026-03-02T00:00');
      enter(labelled(harness.row(1), 'To'), '2026-03-01T00:00');
      harness.apply();
      expect(harness.applied[0].conditions).toEqual([]);
      expect(labelled(harness.row(1), 'To').getAttribute('aria-invalid')).toBe(
        'true'
      );
      expect(harness.row(1).textContent).toContain(
        'The start time is after the end time'
      );
    });
  });
});
