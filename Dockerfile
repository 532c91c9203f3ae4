# tiledesk-auth-emulator: the Tiledesk auth API emulator as a container.
#   docker build -t tiledesk-auth-emulator .
#   docker run --rm -p 3000:3000 tiledesk-auth-emulator
# Configuration by environment only (see README); no secret is baked in.

# The base image is pinned by version (Node 24, the current LTS), the same in every stage.

# 1. Build: all dependencies, then TypeScript → dist/.
FROM node:24.11.1-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# 2. Production dependencies only.
FROM node:24.11.1-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# 3. Runtime: built code, production dependencies, the spec and the fixtures; non-root.
FROM node:24.11.1-bookworm-slim
WORKDIR /app
ENV HOST=0.0.0.0 \
    PORT=3000 \
    DB_FILE=/data/tiledesk-auth-emulator.db.json \
    LOG_LEVEL=info
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json LICENSE README.md ./
COPY spec ./spec
COPY fixtures ./fixtures
COPY ui ./ui
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# The image has node and no curl: the health check is a fetch() from node itself.
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/__emulator/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The CLI handles SIGTERM itself: requests in flight finish, the store is flushed, exit 0.
STOPSIGNAL SIGTERM
CMD ["node", "dist/bin.js"]
