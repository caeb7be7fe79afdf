// Vite turns `?url` imports into the served file's URL; the worker tsconfig has no vite/client types.
declare module "*.wasm?url" {
  const url: string;
  export default url;
}
