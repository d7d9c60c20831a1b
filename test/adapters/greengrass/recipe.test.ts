import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { nodePlatform } from '../../../adapters/node/deps.js';
import { readNodeEnv } from '../../../adapters/node/env.js';
import { parseConfig, readSource } from '../../../src/config.js';
import { runEnvironment } from './run-environment.js';

// Checked against the recipe reference:
// https://docs.aws.amazon.com/greengrass/v2/developerguide/component-recipe-reference.html
const source = readFileSync(new URL('../../../adapters/greengrass/recipe.yaml', import.meta.url), 'utf8');
const recipe = parse(source) as Record<string, any>;

const TOP_LEVEL = [
  'RecipeFormatVersion',
  'ComponentName',
  'ComponentVersion',
  'ComponentDescription',
  'ComponentPublisher',
  'ComponentConfiguration',
  'ComponentDependencies',
  'ComponentType',
  'ComponentSource',
  'Manifests',
  'Lifecycle',
];
const LIFECYCLE_STEPS = ['Setenv', 'Bootstrap', 'Install', 'Run', 'Startup', 'Shutdown', 'Recover'];
// semver.org's recommended regular expression.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

const manifest = recipe.Manifests?.[0];
const run = manifest?.Lifecycle?.Run;
const defaults: Record<string, unknown> = recipe.ComponentConfiguration?.DefaultConfiguration ?? {};

const resolvedEnv = (config: Record<string, string> = {}) => runEnvironment(recipe, config);

describe('Greengrass recipe', () => {
  it('has only reference fields, and the required ones', () => {
    for (const key of Object.keys(recipe)) expect(TOP_LEVEL).toContain(key);
    expect(recipe.RecipeFormatVersion).toBe('2020-01-25');
    expect(typeof recipe.ComponentDescription).toBe('string');
    expect(typeof recipe.ComponentPublisher).toBe('string');
    expect(Array.isArray(recipe.Manifests) && recipe.Manifests.length).toBeGreaterThan(0);
  });

  it('RecipeFormatVersion is quoted, so YAML does not read it as a date', () => {
    expect(source).toMatch(/^RecipeFormatVersion: '2020-01-25'$/m);
  });

  it('names the component in reverse-DNS form, outside the reserved aws.greengrass namespace', () => {
    expect(recipe.ComponentName).toMatch(/^[a-z0-9-]+(\.[A-Za-z0-9-]+)+$/);
    expect(recipe.ComponentName.startsWith('aws.greengrass')).toBe(false);
  });

  it('has a semver ComponentVersion (a string)', () => {
    expect(typeof recipe.ComponentVersion).toBe('string');
    expect(recipe.ComponentVersion).toMatch(SEMVER);
  });

  it('depends HARD on the Token Exchange Service, with a version range', () => {
    const tes = recipe.ComponentDependencies?.['aws.greengrass.TokenExchangeService'];
    expect(tes?.DependencyType).toBe('HARD');
    expect(tes?.VersionRequirement).toMatch(/^[<>=^~\d .|x*-]+$/);
  });

  it('defaults port, stage and table, every value a string (numbers may become floats)', () => {
    expect(defaults).toMatchObject({ port: expect.any(String), stage: expect.any(String), table: expect.any(String) });
    for (const [key, value] of Object.entries(defaults)) expect(typeof value, key).toBe('string');
  });

  it('has a Linux manifest whose steps are lifecycle steps, Run without Startup', () => {
    expect(manifest.Platform.os).toBe('linux');
    for (const step of Object.keys(manifest.Lifecycle)) expect(LIFECYCLE_STEPS).toContain(step);
    expect(manifest.Lifecycle.Startup).toBeUndefined();
    expect(run).toBeDefined();
  });

  it('Run starts the built server from the unarchived artifact, and the artifact is that zip', () => {
    const artifact = manifest.Artifacts?.[0];
    expect(artifact.Unarchive).toBe('ZIP');
    expect(artifact.URI).toMatch(/^s3:\/\/[^/]+\/.+\/parley-greengrass\.zip$/);
    // Greengrass unarchives `<name>.zip` into {artifacts:decompressedPath}/<name>/.
    const folder = String(artifact.URI)
      .split('/')
      .pop()
      ?.replace(/\.zip$/, '');
    expect(run.Script).toBe(`node {artifacts:decompressedPath}/${folder}/server.js`);
  });

  it('only references configuration keys it defines, and known recipe variables', () => {
    const references = [...source.matchAll(/\{([a-z]+):([^}]*)\}/g)];
    expect(references.length).toBeGreaterThan(0);
    for (const [whole, kind, rest] of references) {
      expect(['configuration', 'artifacts', 'work', 'kernel', 'iot'], whole).toContain(kind);
      if (kind === 'configuration') expect(Object.keys(defaults), whole).toContain(rest?.replace(/^\//, ''));
    }
  });

  const storageOf = (env: Record<string, string>) =>
    parseConfig(readSource({ ...env, CURSOR_SECRET: 'c'.repeat(40) }), nodePlatform('greengrass')).storage;

  it("the Run environment is what the server reads: DynamoDB with the component's table", () => {
    const env = resolvedEnv({ region: 'eu-west-1', jwksUrl: 'https://idp.example/jwks.json' });
    expect(readNodeEnv(env)).toMatchObject({ host: '0.0.0.0', port: 8080, target: 'greengrass' });
    expect(storageOf(env)).toEqual({ backend: 'dynamodb', table: 'parley', region: 'eu-west-1', replicaRegions: [] });
  });

  it("an empty region falls back to the nucleus's AWS_REGION", () => {
    const env = { ...resolvedEnv({ jwksUrl: 'https://idp.example/jwks.json' }), AWS_REGION: 'ap-southeast-1' };
    expect(storageOf(env)).toMatchObject({ region: 'ap-southeast-1' });
  });

  it('with the secrets merged in at deployment, the shared config is valid; without, it is refused', () => {
    const secrets = {
      jwksUrl: 'https://cognito-idp.eu-west-1.amazonaws.com/pool/.well-known/jwks.json',
      cursorSecret: 'c'.repeat(40),
    };
    // The nucleus sets AWS_REGION for every component; the recipe's `region` may stay empty.
    const nucleus = { AWS_REGION: 'eu-west-1' };
    const config = parseConfig(readSource({ ...resolvedEnv(secrets), ...nucleus }), nodePlatform('greengrass'));
    expect(config.auth).toMatchObject({ mode: 'jwks', algorithms: ['RS256'] });
    expect(config.stage).toBe('prod');
    expect(() => parseConfig(readSource({ ...resolvedEnv(), ...nucleus }), nodePlatform('greengrass'))).toThrow(
      /CURSOR_SECRET/,
    );
  });
});
