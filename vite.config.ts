import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Cross-origin isolation lets the WebAssembly backend use threads (SharedArrayBuffer).
const isolationHeaders = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  plugins: [svelte()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: "es" },
  build: { target: "es2022", chunkSizeWarningLimit: 4000 },
});
