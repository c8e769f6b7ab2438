import { LabIcon } from '@jupyterlab/ui-components';
import experimentsSvgstr from '../style/icons/experiments.svg';

/**
 * Icon of the Experiments sidebar: a laboratory flask.
 */
export const experimentsIcon = new LabIcon({
  name: 'jupyterlab-experiments:experiments',
  svgstr: experimentsSvgstr
});
