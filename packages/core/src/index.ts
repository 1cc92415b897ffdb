export * from './model';
export * from './source';
export * from './snapshot';
export * from './ntpath';
export * from './status';
