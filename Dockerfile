# syntax=docker/dockerfile:1
# The gateway bot (`npm start`). Build:  docker build -t inbox-api-bot .
# Run:    docker run --rm --env-file .env -v inbox-bot-data:/app/data inbox-api-bot
# Register commands from the same image:  docker run --rm --env-file .env inbox-api-bot node dist/scripts/deploy.js

# --- build: all dependencies, TypeScript → dist/ ---------------------------------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: "prepare" would build before the sources are here; the build runs below.
RUN npm ci --ignore-scripts
# Sources, commands, scripts and corpus (.dockerignore keeps out node_modules, dist, .env, data, tests).
COPY . .
RUN npx tsc -p tsconfig.json

# --- run: production dependencies only, compiled code and the corpus, as the unprivileged "node" user ---------
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY corpus ./corpus
# The pinned-timeline state lives here; mount a volume so it survives new containers.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
# The process handles SIGTERM itself (finishes answers in flight, closes the gateway, exits 0).
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
