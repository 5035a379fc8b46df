// Builds the two web apps into web/dist, the layout the server serves:
//   web/dist/index.html        public site, at / and any unknown non-API path
//   web/dist/admin/index.html  admin app, at /admin/ and any /admin/* path that is not a file
//   web/dist/assets/*          hashed scripts, styles and images
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = 'http://127.0.0.1:3000';

/** In development, gives /admin/* the admin page the way the server's SPA fallback does. */
function adminFallback(): Plugin {
  return {
    name: 'filo-admin-fallback',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const path = req.url?.split('?')[0] ?? '';
        const isAdminPage = path === '/admin' || (path.startsWith('/admin/') && !/\.\w+$/.test(path));
        if (isAdminPage && req.headers.accept?.includes('text/html')) req.url = '/admin/index.html';
        next();
      });
    },
  };
}

/** widget.js is loaded as a classic script on other sites: keep its names out of their global scope. */
function isolateWidget(): Plugin {
  return {
    name: 'filo-isolate-widget',
    renderChunk(code, chunk) {
      return chunk.name === 'widget' ? { code: `(() => {\n${code}\n})();\n`, map: null } : null;
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  appType: 'spa',
  plugins: [react(), adminFallback(), isolateWidget()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    rolldownOptions: {
      input: {
        site: fileURLToPath(new URL('index.html', import.meta.url)),
        admin: fileURLToPath(new URL('admin/index.html', import.meta.url)),
        // The embeddable chat widget: one self-contained script at a fixed URL, /widget.js.
        widget: fileURLToPath(new URL('src/widget/widget.ts', import.meta.url)),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'widget' ? 'widget.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': api,
      '/log': api,
      '/healthz': api,
      '/webchat': { target: api, ws: true },
    },
  },
  preview: { host: '127.0.0.1' },
});
