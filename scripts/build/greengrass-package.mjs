// Packs the Greengrass component after its bundle is built: the artifact zip Greengrass unarchives
// (`Unarchive: ZIP` → {artifacts:decompressedPath}/parley-greengrass/server.js) and the recipe with
// its placeholders filled in, both under dist/greengrass/. Publishing is docs/edge.md's job.
import { access, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { zipSync } from 'fflate';
import { parse } from 'yaml';

export const ARTIFACT_NAME = 'parley-greengrass.zip';

/**
 * `files` that exist (the bundle, its source map and licence notices) go to the zip's root.
 * @param {{ root: string, dir: string, files: string[], env?: Record<string, string | undefined> }} options
 */
export async function packageGreengrass({ root, dir, files, env = process.env }) {
  const entries = {};
  const present = [];
  for (const file of files)
    if (
      await access(file).then(
        () => true,
        () => false,
      )
    )
      present.push(file);
  for (const file of present)
    entries[basename(file)] = [await readFile(file), { mtime: new Date('2020-01-01T00:00:00Z') }];
  await writeFile(join(dir, ARTIFACT_NAME), zipSync(entries, { level: 9 }));

  const source = await readFile(join(root, 'adapters/greengrass/recipe.yaml'), 'utf8');
  const { ComponentName, ComponentVersion } = parse(source);
  const bucket = env.GREENGRASS_ARTIFACT_BUCKET;
  if (!bucket)
    console.warn('greengrass: GREENGRASS_ARTIFACT_BUCKET is not set; the recipe keeps the BUCKET_NAME placeholder');
  const recipe = source
    .replaceAll('COMPONENT_NAME', ComponentName)
    .replaceAll('COMPONENT_VERSION', ComponentVersion)
    .replaceAll('BUCKET_NAME', bucket || 'BUCKET_NAME');
  await writeFile(join(dir, 'recipe.yaml'), recipe);
}
