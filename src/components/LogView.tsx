import type { TranslationBundle } from '@jupyterlab/translation';
import React, { useLayoutEffect, useRef } from 'react';

/**
 * Properties of `LogView`.
 */
export interface ILogViewProps {
  /** Log text received so far. */
  text: string;
  /** Whether the job has ended. */
  complete: boolean;
  /** Whether older text was dropped. */
  truncated: boolean;
  /** Error of the last request, if any. */
  error: Error | null;
  trans: TranslationBundle;
}

/**
 * Render the output of a job, following new lines while the job runs.
 */
export function LogView(props: ILogViewProps): JSX.Element {
  const { trans } = props;
  const ref = useRef<HTMLPreElement>(null);
  const atBottom = useRef(true);

  // Follow the end of the log unless the user scrolled up to read.
  useLayoutEffect(() => {
    const node = ref.current;
    if (node && atBottom.current) {
      node.scrollTop = node.scrollHeight;
    }
  }, [props.text]);

  let status: string;
  if (props.error) {
    status = trans.__('The log could not be read: %1', props.error.message);
  } else if (props.complete) {
    status = trans.__('The job has ended.');
  } else {
    status = trans.__('Following the log while the job runs…');
  }

  return (
    <div className="jp-ExperimentsDescribe-log">
      <p className="jp-ExperimentsDescribe-logStatus" role="status">
        {status}
      </p>
      {props.truncated && (
        <p className="jp-ExperimentsDescribe-logStatus">
          {trans.__('Only the end of the log is shown.')}
        </p>
      )}
      <pre
        ref={ref}
        className="jp-ExperimentsDescribe-logText"
        tabIndex={0}
        aria-label={trans.__('Job log')}
        onScroll={event => {
          const node = event.currentTarget;
          atBottom.current =
            node.scrollHeight - node.scrollTop - node.clientHeight < 8;
        }}
      >
        {props.text || (props.complete ? trans.__('The log is empty.') : '')}
      </pre>
    </div>
  );
}
