/**
 * The browser origins a local run (`npm run dev`, every target) lets call the API: the usual front-end
 * dev servers on loopback. `wrangler.toml` lists the same ones for `wrangler dev` (`[vars]`).
 */
export const LOCAL_CORS_ORIGINS = [
  'http://localhost:3000',
  'http://127.0.0.1:3000',
  'http://localhost:5173',
  'http://127.0.0.1:5173',
].join(',');
