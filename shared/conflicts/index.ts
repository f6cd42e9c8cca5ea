// The conflict rules of podlab, pure: log-line recognition, socket overlap, engine hostPort errors,
// explanations, kubelet back-off and pre-flight predictions.
export * from './loglines';
export * from './overlap';
export * from './hosterror';
export * from './explain';
export * from './backoff';
export * from './preflight';
export * from './cmdports';
export * from './portguess';
