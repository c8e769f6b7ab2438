const jestJupyterLab = require('@jupyterlab/testutils/lib/jest-config');

// Packages published as ES modules, which jest must transpile. The
// JupyterLab preset's list misses some that @jupyterlab/ui-components loads.
const esModules = [
  '@codemirror',
  '@jupyter/',
  '@jupyterlab/',
  '@microsoft',
  'exenv-es6',
  'lib0',
  'marked',
  'nanoid',
  'vscode-ws-jsonrpc',
  'y-protocols',
  'y-websocket',
  'yjs'
].join('|');

const baseConfig = jestJupyterLab(__dirname);

module.exports = {
  ...baseConfig,
  automock: false,
  collectCoverageFrom: [
    'src/**/*.{ts,tsx}',
    '!src/**/*.d.ts',
    '!src/__tests__/**'
  ],
  coverageReporters: ['lcov', 'text-summary'],
  // The built lab extension has its own package.json with the same name.
  modulePathIgnorePatterns: ['<rootDir>/jupyterlab_experiments/labextension'],
  reporters: ['default'],
  testRegex: 'src/__tests__/.*\\.spec\\.tsx?$',
  transformIgnorePatterns: [`/node_modules/(?!${esModules}).+`]
};
