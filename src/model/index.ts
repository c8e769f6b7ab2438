export * from './browser';
export * from './describe';
export * from './format';
export * from './location';
export * from './revision';
export * from './selection';
