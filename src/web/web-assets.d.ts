/** Made by scripts/build-web.mjs: each bundled file deflated (raw) and in base64, by name. */
declare module 'web-assets' {
  export const ASSETS: Readonly<Record<string, string>>;
}
