/**
 * The environment the nucleus gives the recipe's Run step: its `Setenv`, with every
 * `{configuration:/key}` replaced from `config` merged over `DefaultConfiguration`.
 */
export function runEnvironment(
  recipe: Record<string, any>,
  config: Record<string, string> = {},
): Record<string, string> {
  const values: Record<string, string> = { ...recipe.ComponentConfiguration?.DefaultConfiguration, ...config };
  const setenv = (recipe.Manifests?.[0]?.Lifecycle?.Run?.Setenv ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(setenv).map(([name, value]) => [
      name,
      String(value).replace(/\{configuration:\/(\w+)\}/g, (_match, key: string) => values[key] ?? ''),
    ]),
  );
}
