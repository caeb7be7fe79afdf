import { defineConfig, type Plugin } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Cross-origin isolation lets the WebAssembly backend use threads (SharedArrayBuffer).
const isolationHeaders = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

/**
 * The Content-Security-Policy (reasons for each directive in docs/SECURITY.md). Everything comes
 * from our own origin; no inline script; 'wasm-unsafe-eval' because the WebAssembly backend (and
 * long.js inside tfjs) compile WebAssembly, which CSP otherwise forbids. No 'unsafe-eval'.
 */
function contentSecurityPolicy(mode: "serve" | "build", inMeta = false): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'none'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "worker-src": ["'self'"],
    // fetch() of the .wasm binaries and the shipped datasets; the dev server's HMR WebSocket.
    "connect-src": ["'self'"],
    // The build extracts every Svelte <style> into one stylesheet. The dev server injects <style>
    // elements for hot reload, so only there inline styles are allowed.
    "style-src": mode === "serve" ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
  };
  // Browsers ignore frame-ancestors in a <meta> policy (and warn), so only the header carries it.
  if (!inMeta) directives["frame-ancestors"] = ["'none'"];
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

const securityHeaders = (mode: "serve" | "build") => ({
  ...isolationHeaders,
  "Content-Security-Policy": contentSecurityPolicy(mode),
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
});

/**
 * Writes the policy into the built index.html as a <meta http-equiv>, so a static host that sets
 * no headers still enforces it. Not in dev: the meta would forbid the dev server's inline styles.
 */
function cspMetaTag(): Plugin {
  return {
    name: "tunelab-csp-meta",
    apply: "build",
    transformIndexHtml: () => [
      {
        tag: "meta",
        attrs: { "http-equiv": "Content-Security-Policy", content: contentSecurityPolicy("build", true) },
        injectTo: "head-prepend",
      },
    ],
  };
}

export default defineConfig({
  plugins: [svelte(), cspMetaTag()],
  server: { headers: securityHeaders("serve") },
  // The preview server serves the build, so it sends the build's (stricter) policy.
  preview: { headers: securityHeaders("build") },
  worker: { format: "es" },
  build: { target: "es2022", chunkSizeWarningLimit: 4000 },
});
