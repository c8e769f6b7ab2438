import React from 'react';

/**
 * Properties of `Section`.
 */
export interface ISectionProps {
  /** Id of the heading, used to label the section for assistive technology. */
  id: string;
  /** Translated heading. */
  title: string;
  children?: React.ReactNode;
}

/**
 * Render a titled region of the describe view.
 */
export function Section(props: ISectionProps): JSX.Element {
  return (
    <section
      className="jp-ExperimentsDescribe-section"
      aria-labelledby={props.id}
    >
      <h2 id={props.id} className="jp-ExperimentsDescribe-sectionTitle">
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}
