// The engine's errors a front end tells apart (each carries its CLI exit code and what the user should do next).
export { EngineUnreachableError, PodExistsError, PodInputError, UnknownPodError } from './pods/errors';
