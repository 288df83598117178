/**
 * The risk engine's test fixtures (`@app/risk/testing`), for the unit tests of the libraries that build on
 * the engine (policy). Test code only: never imported by a service.
 */
export * from './engine/engine.test-support';
