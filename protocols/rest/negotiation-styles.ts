/**
 * GET /api/citation-styles: the styles and locales text/x-bibliography accepts. The 400 for
 * an unknown style points here (serializers/citation/errors.ts). The app mounts it.
 */
import { Hono } from 'hono';
import type { FormatRegistry } from '../../serializers/registry.ts';
import { STYLE_ALIASES } from '../../serializers/citation/catalog.ts';
import { DEFAULT_STYLE } from '../../serializers/citation/render.ts';

/** A sub-app answering GET / with { defaultStyle, styles: [{id, title, parent?}], aliases, locales }; mount at /api/citation-styles. */
export function createCitationStylesRoute(registry: FormatRegistry): Hono {
  const app = new Hono();
  app.get('/', (c) => {
    const { styles, locales } = registry.listStyles();
    c.header('Cache-Control', 'public, max-age=3600');
    return c.json({ defaultStyle: DEFAULT_STYLE, styles, aliases: STYLE_ALIASES, locales });
  });
  return app;
}
