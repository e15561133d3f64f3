import { defineConfig } from "vite";

// The desk is served by the gateway from web/dist at "/" (index.html for every non-/api path).
// `npm run dev` proxies /api to a running platform (scripts/run.sh; DESK_API overrides).
const api = { "/api": process.env.DESK_API ?? "http://127.0.0.1:8080" };

export default defineConfig({
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
  server: { proxy: api },
  // `vite preview` serves web/dist the same way (scripts/web.sh uses it only when the gateway
  // does not serve the application).
  preview: { proxy: api },
});
