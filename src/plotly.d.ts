// The cartesian bundle of plotly.js (scatter, bar, histogram, heatmap and
// the other 2D traces) loads in about half the time of the full bundle.
// It ships no types, so it uses those of the full bundle, whose API it has.
declare module 'plotly.js-cartesian-dist-min' {
  export * from 'plotly.js-dist-min';
  import Plotly from 'plotly.js-dist-min';
  export default Plotly;
}
