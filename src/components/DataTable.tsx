import React from 'react';

/**
 * Properties of `DataTable`.
 */
export interface IDataTableProps {
  /** Translated accessible name of the table. */
  label: string;
  /** Translated column headers. */
  headers: string[];
  /** Cell texts, one array per row. Cells are rendered as text, never HTML. */
  rows: string[][];
  /** Text shown instead of an empty table. */
  emptyMessage: string;
  /** Indexes of the columns that hold numbers, aligned to the right. */
  numericColumns?: number[];
}

/**
 * Render a read-only table of texts.
 */
export function DataTable(props: IDataTableProps): JSX.Element {
  if (props.rows.length === 0) {
    return <p className="jp-ExperimentsDescribe-empty">{props.emptyMessage}</p>;
  }
  const numeric = new Set(props.numericColumns ?? []);
  return (
    <table className="jp-ExperimentsDescribe-table" aria-label={props.label}>
      <thead>
        <tr>
          {props.headers.map((header, index) => (
            <th
              key={index}
              scope="col"
              className={numeric.has(index) ? 'jp-mod-numeric' : undefined}
            >
              {header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, rowIndex) => (
          <tr key={rowIndex}>
            {row.map((cell, index) =>
              index === 0 ? (
                <th key={index} scope="row">
                  {cell}
                </th>
              ) : (
                <td
                  key={index}
                  className={numeric.has(index) ? 'jp-mod-numeric' : undefined}
                >
                  {cell}
                </td>
              )
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
