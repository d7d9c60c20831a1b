/** The floors answer `/health` with a body of the same shape and size as Parley's. */
export const FLOOR_HEALTH = { status: 'ok', version: '0.0.0-dev', target: 'node', stage: 'bench', storage: 'memory' };
