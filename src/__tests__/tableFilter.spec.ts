import { nullTranslator } from '@jupyterlab/translation';
import { formatTime } from '../model/format';
import { tableColumns, type ITableColumn } from '../model/tableColumns';
import {
  describeFilter,
  emptyFilter,
  expressionLimitError,
  FILTERS_PER_LIST,
  formatSearchExpression,
  isNumberText,
  newCondition,
  operatorsFor,
  toSearchExpression,
  validateCondition,
  VALUE_MAX_LENGTH,
  withColumn,
  withOperator,
  type IFilterCondition,
  type ITableFilter
} from '../model/tableFilter';
import { isoToLocalInput, localInputToIso } from '../model/localTime';

const trans = nullTranslator.load('jupyterlab_experiments');

const columns = tableColumns(
  {
    parameters: ['lr', 'optimizer'],
    metrics: ['test:accuracy'],
    input_artifacts: ['train'],
    output_artifacts: ['model']
  },
  trans
);

function column(key: string): ITableColumn {
  const found = columns.find(item => item.key === key);
  if (!found) {
    throw new Error(`No column ${key}`);
  }
  return found;
}

function and(...conditions: IFilterCondition[]): ITableFilter {
  return { combinator: 'And', conditions };
}

function or(...conditions: IFilterCondition[]): ITableFilter {
  return { combinator: 'Or', conditions };
}

function check(condition: IFilterCondition): string | null {
  return validateCondition(
    condition,
    columns.find(item => item.key === condition.column),
    trans
  );
}

const ACCURACY = 'Metrics.test:accuracy.Max';

describe('operatorsFor()', () => {
  it('should offer text operators on names', () => {
    expect(operatorsFor(column('DisplayName'))).toEqual([
      'contains',
      'equals',
      'notEquals',
      'oneOf',
      'exists',
      'notExists'
    ]);
  });

  it('should offer comparisons on metric statistics', () => {
    const operators = operatorsFor(column(ACCURACY));
    expect(operators[0]).toBe('greaterThan');
    expect(operators).toContain('lessThanOrEqualTo');
    expect(operators).toContain('notEquals');
    expect(operators).not.toContain('contains');
    expect(operators).not.toContain('oneOf');
  });

  it('should offer comparisons and text operators on parameters', () => {
    const operators = operatorsFor(column('Parameters.lr'));
    expect(operators[0]).toBe('equals');
    expect(operators).toContain('greaterThan');
    expect(operators).toContain('contains');
    expect(operators).toContain('oneOf');
  });

  it('should offer picks and equality on choice columns', () => {
    expect(operatorsFor(column('Type'))).toEqual([
      'oneOf',
      'equals',
      'notEquals'
    ]);
    expect(operatorsFor(column('Status.PrimaryStatus'))[0]).toBe('oneOf');
  });

  it('should offer no picks on artifacts', () => {
    const operators = operatorsFor(column('InputArtifacts.train.Value'));
    expect(operators).toContain('contains');
    expect(operators).toContain('exists');
    expect(operators).not.toContain('oneOf');
  });

  it('should offer a range on times', () => {
    expect(operatorsFor(column('CreationTime'))).toEqual([
      'between',
      'exists',
      'notExists'
    ]);
  });

  it('should offer text operators on parent lists', () => {
    expect(operatorsFor(column('Trials'))).toContain('oneOf');
    expect(operatorsFor(column('Trials'))).not.toContain('greaterThan');
  });
});

describe('toSearchExpression()', () => {
  it('should return null without conditions', () => {
    expect(toSearchExpression(emptyFilter(), columns)).toBeNull();
  });

  it('should compile contains to one filter without an operator', () => {
    const filter = and({
      column: 'DisplayName',
      operator: 'contains',
      value: 'MNIST'
    });
    expect(toSearchExpression(filter, columns)).toEqual({
      Filters: [{ Name: 'DisplayName', Operator: 'Contains', Value: 'MNIST' }]
    });
  });

  it('should compile equals and not equals', () => {
    const filter = and(
      { column: 'TrialComponentName', operator: 'equals', value: 'train-1' },
      { column: 'Parameters.optimizer', operator: 'notEquals', value: 'sgd' }
    );
    expect(toSearchExpression(filter, columns)).toEqual({
      Filters: [
        { Name: 'TrialComponentName', Operator: 'Equals', Value: 'train-1' },
        { Name: 'Parameters.optimizer', Operator: 'NotEquals', Value: 'sgd' }
      ]
    });
  });

  it('should compile every numeric comparison with text values', () => {
    const cases: [IFilterCondition['operator'], string][] = [
      ['greaterThan', 'GreaterThan'],
      ['greaterThanOrEqualTo', 'GreaterThanOrEqualTo'],
      ['lessThan', 'LessThan'],
      ['lessThanOrEqualTo', 'LessThanOrEqualTo'],
      ['equals', 'Equals'],
      ['notEquals', 'NotEquals']
    ];
    for (const [operator, searchOperator] of cases) {
      const filter = and({
        column: ACCURACY,
        operator,
        value: ' 0.9 '
      } as IFilterCondition);
      expect(toSearchExpression(filter, columns)).toEqual({
        Filters: [{ Name: ACCURACY, Operator: searchOperator, Value: '0.9' }]
      });
    }
  });

  it('should pass parameter comparisons as number text', () => {
    const filter = and({
      column: 'Parameters.lr',
      operator: 'lessThan',
      value: '1e-3'
    });
    expect(toSearchExpression(filter, columns)).toEqual({
      Filters: [{ Name: 'Parameters.lr', Operator: 'LessThan', Value: '1e-3' }]
    });
  });

  it('should keep spaces of text values', () => {
    const filter = and({
      column: 'DisplayName',
      operator: 'contains',
      value: ' run '
    });
    expect(toSearchExpression(filter, columns)?.Filters?.[0].Value).toBe(
      ' run '
    );
  });

  it('should compile exists and not exists without a value', () => {
    const filter = and(
      { column: 'OutputArtifacts.model.Value', operator: 'exists' },
      { column: 'Trials', operator: 'notExists' }
    );
    expect(toSearchExpression(filter, columns)).toEqual({
      Filters: [
        { Name: 'OutputArtifacts.model.Value', Operator: 'Exists' },
        { Name: 'Parents.TrialName', Operator: 'NotExists' }
      ]
    });
  });

  it('should name the filter property of parent columns', () => {
    const filter = and({
      column: 'Experiments',
      operator: 'equals',
      value: 'mnist'
    });
    expect(toSearchExpression(filter, columns)?.Filters?.[0].Name).toBe(
      'Parents.ExperimentName'
    );
  });

  it('should name an unknown column by its key', () => {
    const filter = and({ column: 'Tags.owner', operator: 'exists' });
    expect(toSearchExpression(filter, columns)).toEqual({
      Filters: [{ Name: 'Tags.owner', Operator: 'Exists' }]
    });
  });

  it('should compile one picked value to equals', () => {
    const filter = and({
      column: 'Status.PrimaryStatus',
      operator: 'oneOf',
      values: ['Completed']
    });
    expect(toSearchExpression(filter, columns)).toEqual({
      Filters: [
        { Name: 'Status.PrimaryStatus', Operator: 'Equals', Value: 'Completed' }
      ]
    });
  });

  it('should compile picked text values to in', () => {
    const filter = and({
      column: 'Status.PrimaryStatus',
      operator: 'oneOf',
      values: ['Completed', 'Failed']
    });
    expect(toSearchExpression(filter, columns)).toEqual({
      Filters: [
        {
          Name: 'Status.PrimaryStatus',
          Operator: 'In',
          Value: 'Completed,Failed'
        }
      ]
    });
  });

  it('should compile picked values with commas to equals joined by or', () => {
    const filter = and({
      column: 'DisplayName',
      operator: 'oneOf',
      values: ['a,b', 'c']
    });
    expect(toSearchExpression(filter, columns)).toEqual({
      Filters: [
        { Name: 'DisplayName', Operator: 'Equals', Value: 'a,b' },
        { Name: 'DisplayName', Operator: 'Equals', Value: 'c' }
      ],
      Operator: 'Or'
    });
  });

  it('should not use in for values with edge spaces', () => {
    const filter = and({
      column: 'DisplayName',
      operator: 'oneOf',
      values: [' a', 'b']
    });
    expect(toSearchExpression(filter, columns)?.Filters?.[0]).toEqual({
      Name: 'DisplayName',
      Operator: 'Equals',
      Value: ' a'
    });
  });

  it('should not use in when the joined value is too long', () => {
    const long = 'x'.repeat(VALUE_MAX_LENGTH);
    const filter = and({
      column: 'DisplayName',
      operator: 'oneOf',
      values: [long, 'y']
    });
    const expression = toSearchExpression(filter, columns);
    expect(expression?.Operator).toBe('Or');
    expect(expression?.Filters).toHaveLength(2);
  });

  it('should compile picked numbers to equals joined by or', () => {
    const filter = and({
      column: 'Parameters.lr',
      operator: 'oneOf',
      values: [0.1, 0.01]
    });
    expect(toSearchExpression(filter, columns)).toEqual({
      Filters: [
        { Name: 'Parameters.lr', Operator: 'Equals', Value: '0.1' },
        { Name: 'Parameters.lr', Operator: 'Equals', Value: '0.01' }
      ],
      Operator: 'Or'
    });
  });

  it('should put an or pick beside and filters as a sub-expression', () => {
    const filter = and(
      { column: ACCURACY, operator: 'greaterThan', value: '0.9' },
      { column: 'Parameters.lr', operator: 'oneOf', values: [0.1, 0.01] }
    );
    expect(toSearchExpression(filter, columns)).toEqual({
      Filters: [{ Name: ACCURACY, Operator: 'GreaterThan', Value: '0.9' }],
      SubExpressions: [
        {
          Filters: [
            { Name: 'Parameters.lr', Operator: 'Equals', Value: '0.1' },
            { Name: 'Parameters.lr', Operator: 'Equals', Value: '0.01' }
          ],
          Operator: 'Or'
        }
      ]
    });
  });

  it('should compile or to one list with operator or', () => {
    const filter = or(
      { column: ACCURACY, operator: 'greaterThan', value: '0.9' },
      { column: 'Status.PrimaryStatus', operator: 'oneOf', values: ['Failed'] }
    );
    expect(toSearchExpression(filter, columns)).toEqual({
      Filters: [
        { Name: ACCURACY, Operator: 'GreaterThan', Value: '0.9' },
        { Name: 'Status.PrimaryStatus', Operator: 'Equals', Value: 'Failed' }
      ],
      Operator: 'Or'
    });
  });

  it('should merge an or pick into an or filter', () => {
    const filter = or(
      { column: 'DisplayName', operator: 'contains', value: 'cnn' },
      { column: 'Parameters.lr', operator: 'oneOf', values: [1, 2] }
    );
    expect(toSearchExpression(filter, columns)).toEqual({
      Filters: [
        { Name: 'DisplayName', Operator: 'Contains', Value: 'cnn' },
        { Name: 'Parameters.lr', Operator: 'Equals', Value: '1' },
        { Name: 'Parameters.lr', Operator: 'Equals', Value: '2' }
      ],
      Operator: 'Or'
    });
  });

  it('should compile a full time range to two filters', () => {
    const filter = and({
      column: 'CreationTime',
      operator: 'between',
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-31T23:59:00Z'
    });
    expect(toSearchExpression(filter, columns)).toEqual({
      Filters: [
        {
          Name: 'CreationTime',
          Operator: 'GreaterThanOrEqualTo',
          Value: '2026-01-01T00:00:00Z'
        },
        {
          Name: 'CreationTime',
          Operator: 'LessThanOrEqualTo',
          Value: '2026-01-31T23:59:00Z'
        }
      ]
    });
  });

  it('should compile a range with one end to one filter', () => {
    const from = and({
      column: 'StartTime',
      operator: 'between',
      from: '2026-01-01T00:00:00Z',
      to: null
    });
    const to = and({
      column: 'EndTime',
      operator: 'between',
      from: null,
      to: '2026-01-01T00:00:00Z'
    });
    expect(toSearchExpression(from, columns)?.Filters).toEqual([
      {
        Name: 'StartTime',
        Operator: 'GreaterThanOrEqualTo',
        Value: '2026-01-01T00:00:00Z'
      }
    ]);
    expect(toSearchExpression(to, columns)?.Filters).toEqual([
      {
        Name: 'EndTime',
        Operator: 'LessThanOrEqualTo',
        Value: '2026-01-01T00:00:00Z'
      }
    ]);
  });

  it('should put a full range inside an or filter as a sub-expression', () => {
    const filter = or(
      { column: 'Status.PrimaryStatus', operator: 'equals', value: 'Failed' },
      {
        column: 'CreationTime',
        operator: 'between',
        from: '2026-01-01T00:00:00Z',
        to: '2026-02-01T00:00:00Z'
      }
    );
    expect(toSearchExpression(filter, columns)).toEqual({
      Filters: [
        { Name: 'Status.PrimaryStatus', Operator: 'Equals', Value: 'Failed' }
      ],
      SubExpressions: [
        {
          Filters: [
            {
              Name: 'CreationTime',
              Operator: 'GreaterThanOrEqualTo',
              Value: '2026-01-01T00:00:00Z'
            },
            {
              Name: 'CreationTime',
              Operator: 'LessThanOrEqualTo',
              Value: '2026-02-01T00:00:00Z'
            }
          ]
        }
      ],
      Operator: 'Or'
    });
  });

  it('should leave out a range without ends', () => {
    const filter = and({
      column: 'CreationTime',
      operator: 'between',
      from: null,
      to: null
    });
    expect(toSearchExpression(filter, columns)).toBeNull();
  });
});

describe('formatSearchExpression()', () => {
  const expression = toSearchExpression(
    or(
      { column: ACCURACY, operator: 'greaterThan', value: '0.9' },
      { column: 'DisplayName', operator: 'contains', value: 'naïve "run"' }
    ),
    columns
  )!;
  const text = formatSearchExpression(expression);

  it('should indent by two spaces', () => {
    expect(text.split('\n')[1]).toBe('  "Filters": [');
  });

  it('should read back as the same expression', () => {
    expect(JSON.parse(text)).toEqual(expression);
  });

  it('should hold no JSON literals that Python lacks', () => {
    expect(text).not.toMatch(/\b(true|false|null)\b/);
    expect(text).not.toMatch(/: -?\d/);
  });
});

describe('validateCondition()', () => {
  it('should accept valid conditions of every kind', () => {
    const valid: IFilterCondition[] = [
      { column: 'DisplayName', operator: 'contains', value: 'mn' },
      { column: ACCURACY, operator: 'greaterThanOrEqualTo', value: '-.5e2' },
      { column: 'Parameters.optimizer', operator: 'equals', value: 'adam' },
      { column: 'Parameters.lr', operator: 'lessThan', value: '1' },
      { column: 'Status.PrimaryStatus', operator: 'oneOf', values: ['Failed'] },
      { column: 'Trials', operator: 'exists' },
      {
        column: 'CreationTime',
        operator: 'between',
        from: '2026-01-01T00:00:00Z',
        to: '2026-01-31T00:00:00.5Z'
      },
      {
        column: 'EndTime',
        operator: 'between',
        from: null,
        to: '2026-01-01T10:00+02:00'
      }
    ];
    for (const condition of valid) {
      expect(check(condition)).toBeNull();
    }
  });

  it('should ask for a column', () => {
    expect(check({ column: '', operator: 'exists' })).toBe('Choose a column.');
  });

  it('should reject an unknown column', () => {
    expect(check({ column: 'Parameters.gone', operator: 'exists' })).toMatch(
      /no column "Parameters.gone"/
    );
  });

  it('should reject a column that cannot be filtered', () => {
    const locked = { ...column('DisplayName'), filterable: false };
    expect(
      validateCondition(
        { column: 'DisplayName', operator: 'exists' },
        locked,
        trans
      )
    ).toMatch(/cannot be filtered/);
  });

  it('should reject an operator that the column lacks', () => {
    expect(
      check({ column: ACCURACY, operator: 'contains', value: '1' })
    ).toMatch(/"contains" does not apply/);
    expect(
      check({ column: 'CreationTime', operator: 'equals', value: 'x' })
    ).toMatch(/does not apply/);
  });

  it('should ask for a value', () => {
    expect(
      check({ column: 'DisplayName', operator: 'contains', value: '' })
    ).toBe('Enter a value.');
  });

  it('should ask for a number', () => {
    expect(check({ column: ACCURACY, operator: 'lessThan', value: ' ' })).toBe(
      'Enter a number.'
    );
  });

  it('should reject text where a number is expected', () => {
    for (const value of ['high', '1,5', 'inf', 'NaN', '1_000', '1e999']) {
      expect(
        check({ column: ACCURACY, operator: 'greaterThan', value })
      ).toMatch(/is not a number/);
    }
    expect(
      check({ column: 'Parameters.lr', operator: 'greaterThan', value: 'x' })
    ).toMatch(/"x" is not a number/);
    expect(
      check({ column: 'Duration', operator: 'equals', value: '1m' })
    ).toMatch(/is not a number/);
  });

  it('should accept text for parameter equality', () => {
    expect(
      check({ column: 'Parameters.lr', operator: 'equals', value: 'auto' })
    ).toBeNull();
  });

  it('should reject a value longer than the limit', () => {
    const value = 'x'.repeat(VALUE_MAX_LENGTH + 1);
    expect(check({ column: 'DisplayName', operator: 'equals', value })).toMatch(
      /1025 characters long/
    );
    expect(
      check({
        column: 'DisplayName',
        operator: 'equals',
        value: value.slice(1)
      })
    ).toBeNull();
  });

  it('should ask for a picked value', () => {
    expect(
      check({ column: 'Status.PrimaryStatus', operator: 'oneOf', values: [] })
    ).toBe('Pick at least one value.');
  });

  it('should reject an empty picked value', () => {
    expect(
      check({ column: 'DisplayName', operator: 'oneOf', values: ['', 'a'] })
    ).toMatch(/Empty text/);
  });

  it('should limit picks that need one filter per value', () => {
    const many = Array.from({ length: FILTERS_PER_LIST + 1 }, (_, i) => i);
    expect(
      check({ column: 'Parameters.lr', operator: 'oneOf', values: many })
    ).toMatch(/at most 20 values/);
    expect(
      check({
        column: 'Parameters.lr',
        operator: 'oneOf',
        values: many.slice(1)
      })
    ).toBeNull();
    expect(
      check({
        column: 'DisplayName',
        operator: 'oneOf',
        values: many.map(i => `run-${i}`)
      })
    ).toBeNull();
  });

  it('should ask for an end of a range', () => {
    expect(
      check({ column: 'CreationTime', operator: 'between', from: null, to: '' })
    ).toBe('Enter a start time, an end time or both.');
  });

  it('should reject invalid times', () => {
    for (const time of ['yesterday', '2026-01-01', '2026-01-01T10:00']) {
      expect(
        check({
          column: 'CreationTime',
          operator: 'between',
          from: time,
          to: null
        })
      ).toMatch(/is not a valid time/);
    }
  });

  it('should reject times before 1970', () => {
    expect(
      check({
        column: 'CreationTime',
        operator: 'between',
        from: '1969-12-31T23:59:00Z',
        to: null
      })
    ).toMatch(/out of range/);
  });

  it('should reject a start after the end', () => {
    expect(
      check({
        column: 'CreationTime',
        operator: 'between',
        from: '2026-02-01T00:00:00Z',
        to: '2026-01-01T00:00:00Z'
      })
    ).toMatch(/start time is after the end time/);
  });

  it('should accept a range of one instant', () => {
    expect(
      check({
        column: 'CreationTime',
        operator: 'between',
        from: '2026-02-01T00:00:00Z',
        to: '2026-02-01T00:00:00Z'
      })
    ).toBeNull();
  });
});

describe('expressionLimitError()', () => {
  const conditions = (count: number): IFilterCondition[] =>
    Array.from({ length: count }, (_, i) => ({
      column: 'DisplayName',
      operator: 'contains',
      value: `run-${i}`
    }));

  it('should accept a list of 20 filters', () => {
    const expression = toSearchExpression(and(...conditions(20)), columns);
    expect(expressionLimitError(expression, trans)).toBeNull();
  });

  it('should reject a list of 21 filters', () => {
    const expression = toSearchExpression(and(...conditions(21)), columns);
    expect(expressionLimitError(expression, trans)).toMatch(/too many/);
  });

  it('should count filters inside sub-expressions', () => {
    const picks: IFilterCondition[] = Array.from({ length: 3 }, () => ({
      column: 'Parameters.lr',
      operator: 'oneOf',
      values: Array.from({ length: 20 }, (_, i) => i)
    }));
    const expression = toSearchExpression(and(...picks), columns);
    expect(expressionLimitError(expression, trans)).toMatch(/too many/);
    expect(expressionLimitError(null, trans)).toBeNull();
  });
});

describe('describeFilter()', () => {
  it('should join conditions with and', () => {
    const filter = and(
      { column: ACCURACY, operator: 'greaterThan', value: '0.9' },
      {
        column: 'Status.PrimaryStatus',
        operator: 'oneOf',
        values: ['Completed']
      }
    );
    expect(describeFilter(filter, columns, trans)).toBe(
      'test:accuracy (Max) > 0.9 and Status is Completed'
    );
  });

  it('should join conditions with or', () => {
    const filter = or(
      { column: 'DisplayName', operator: 'contains', value: 'cnn' },
      { column: 'Parameters.lr', operator: 'notEquals', value: '0.1' },
      { column: 'Trials', operator: 'notExists' }
    );
    expect(describeFilter(filter, columns, trans)).toBe(
      'Display name contains cnn or lr ≠ 0.1 or Trials is not set'
    );
  });

  it('should list a few picked values and count the rest', () => {
    const few = and({
      column: 'Status.PrimaryStatus',
      operator: 'oneOf',
      values: ['Completed', 'Failed']
    });
    const many = and({
      column: 'Parameters.lr',
      operator: 'oneOf',
      values: [1, 2, 3, 4, 5]
    });
    expect(describeFilter(few, columns, trans)).toBe(
      'Status is one of Completed, Failed'
    );
    expect(describeFilter(many, columns, trans)).toBe(
      'lr is one of 1, 2, 3 and 2 more values'
    );
  });

  it('should describe time ranges', () => {
    const from = '2026-01-01T00:00:00Z';
    const to = '2026-02-01T00:00:00Z';
    const range = (
      start: string | null,
      end: string | null
    ): IFilterCondition => ({
      column: 'CreationTime',
      operator: 'between',
      from: start,
      to: end
    });
    expect(describeFilter(and(range(from, to)), columns, trans)).toBe(
      `Created from ${formatTime(from)} to ${formatTime(to)}`
    );
    expect(describeFilter(and(range(from, null)), columns, trans)).toBe(
      `Created from ${formatTime(from)}`
    );
    expect(describeFilter(and(range(null, to)), columns, trans)).toBe(
      `Created until ${formatTime(to)}`
    );
  });

  it('should return an empty text without conditions', () => {
    expect(describeFilter(emptyFilter(), columns, trans)).toBe('');
  });
});

describe('newCondition()', () => {
  it('should start with the default operator of the column', () => {
    expect(newCondition(column(ACCURACY))).toEqual({
      column: ACCURACY,
      operator: 'greaterThan',
      value: ''
    });
    expect(newCondition(column('Status.PrimaryStatus'))).toEqual({
      column: 'Status.PrimaryStatus',
      operator: 'oneOf',
      values: []
    });
    expect(newCondition(column('CreationTime'))).toEqual({
      column: 'CreationTime',
      operator: 'between',
      from: null,
      to: null
    });
  });
});

describe('withOperator()', () => {
  it('should keep the typed value between value operators', () => {
    const condition: IFilterCondition = {
      column: ACCURACY,
      operator: 'greaterThan',
      value: '0.5'
    };
    expect(withOperator(condition, 'lessThan')).toEqual({
      column: ACCURACY,
      operator: 'lessThan',
      value: '0.5'
    });
  });

  it('should turn one picked value into a typed value', () => {
    const condition: IFilterCondition = {
      column: 'Status.PrimaryStatus',
      operator: 'oneOf',
      values: ['Failed']
    };
    expect(withOperator(condition, 'notEquals')).toEqual({
      column: 'Status.PrimaryStatus',
      operator: 'notEquals',
      value: 'Failed'
    });
  });

  it('should start a pick empty', () => {
    const condition: IFilterCondition = {
      column: 'DisplayName',
      operator: 'contains',
      value: 'mn'
    };
    expect(withOperator(condition, 'oneOf')).toEqual({
      column: 'DisplayName',
      operator: 'oneOf',
      values: []
    });
  });

  it('should drop values for exists', () => {
    const condition: IFilterCondition = {
      column: 'DisplayName',
      operator: 'contains',
      value: 'mn'
    };
    expect(withOperator(condition, 'exists')).toEqual({
      column: 'DisplayName',
      operator: 'exists'
    });
  });
});

describe('withColumn()', () => {
  it('should keep operator and value on a column of the same kind', () => {
    const condition: IFilterCondition = {
      column: ACCURACY,
      operator: 'lessThan',
      value: '3'
    };
    const next = column('Metrics.test:accuracy.Min');
    expect(withColumn(condition, column(ACCURACY), next)).toEqual({
      column: 'Metrics.test:accuracy.Min',
      operator: 'lessThan',
      value: '3'
    });
  });

  it('should restart on a column of another kind', () => {
    const condition: IFilterCondition = {
      column: ACCURACY,
      operator: 'lessThan',
      value: '3'
    };
    expect(
      withColumn(condition, column(ACCURACY), column('DisplayName'))
    ).toEqual({ column: 'DisplayName', operator: 'contains', value: '' });
  });

  it('should clear picked values of another column', () => {
    const condition: IFilterCondition = {
      column: 'DisplayName',
      operator: 'oneOf',
      values: ['a']
    };
    expect(
      withColumn(condition, column('DisplayName'), column('TrialComponentName'))
    ).toEqual({ column: 'TrialComponentName', operator: 'oneOf', values: [] });
  });
});

describe('isNumberText()', () => {
  it('should accept decimal numbers', () => {
    for (const text of ['0', '-1', '+2.5', '.5', '5.', '1e-3', '2E+10']) {
      expect(isNumberText(text)).toBe(true);
    }
  });

  it('should reject other text', () => {
    for (const text of ['', ' 1', '1.2.3', 'e5', '0x10', 'Infinity']) {
      expect(isNumberText(text)).toBe(false);
    }
  });
});

describe('localInputToIso()', () => {
  it('should convert a local time to UTC', () => {
    const expected = new Date(2026, 2, 1, 10, 30).toISOString();
    expect(localInputToIso('2026-03-01T10:30')).toBe(
      expected.replace('.000Z', 'Z')
    );
  });

  it('should keep seconds', () => {
    const expected = new Date(2026, 2, 1, 10, 30, 15).toISOString();
    expect(localInputToIso('2026-03-01T10:30:15')).toBe(
      expected.replace('.000Z', 'Z')
    );
  });

  it('should return null for empty or invalid input', () => {
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('2026-13-45T99:99')).toBeNull();
    expect(localInputToIso('tomorrow')).toBeNull();
  });
});

describe('isoToLocalInput()', () => {
  it('should show a UTC time as local time', () => {
    const iso = localInputToIso('2026-03-01T10:30')!;
    expect(isoToLocalInput(iso)).toBe('2026-03-01T10:30');
    const withSeconds = localInputToIso('2026-03-01T10:30:15')!;
    expect(isoToLocalInput(withSeconds)).toBe('2026-03-01T10:30:15');
  });

  it('should return an empty text for missing or invalid times', () => {
    expect(isoToLocalInput(null)).toBe('');
    expect(isoToLocalInput('never')).toBe('');
  });
});
