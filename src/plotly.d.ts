// The cartesian bundle of plotly.js (scatter, bar, histogram, heatmap and
// the other 2D traces) loads in about half the time of the full bundle and
// ships no types; its API is that of the full bundle, whose types it uses.
declare module 'plotly.js-cartesian-dist-min' {
  export * from 'plotly.js-dist-min';
  import Plotly from 'plotly.js-dist-min';
  export default Plotly;
}
