# syntax=docker/dockerfile:1
#
# ethics-policy, the GitHub App server (Probot), in a container.
#
#   docker build -t ethics-policy .
#   docker run --init -p 3000:3000 -e APP_ID -e PRIVATE_KEY -e WEBHOOK_SECRET ethics-policy
#
# No app registered yet? Run the setup page once (it writes the credentials to /data/.env):
#   docker run --init -p 3000:3000 -e NODE_ENV=development -v ethics-policy-data:/data ethics-policy
#
# See docs/deployment.md. Two stages: the first installs every dependency and compiles the
# TypeScript; the second holds only production dependencies and the compiled lib/ (no test
# tooling: the stand-in, demo and docs generator are not in lib/), and runs as the unprivileged
# `node` user. .github/workflows/docker.yml builds it and checks /health on every change.

ARG NODE_VERSION=20

# ── build ─────────────────────────────────────────────────────────────────────────────────────
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# Dependencies first, so source edits reuse this layer. No dependency needs an install script.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

# ── runtime ───────────────────────────────────────────────────────────────────────────────────
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
# /app stays root's and read-only to the app. Probot reads and its setup page writes `.env` in the
# working directory: that is a link to /data/.env, and /data belongs to the `node` user (mount a
# volume there to keep what the setup page writes).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force \
 && mkdir /data && chown 1000:1000 /data && ln -s /data/.env /app/.env
COPY --from=build /app/lib ./lib
# app.yml: the manifest Probot's setup page registers an app from.
COPY app.yml ./
# The `node` user (uid 1000) of the official image; numeric so Kubernetes' runAsNonRoot can check it.
USER 1000:1000
EXPOSE 3000
# No curl in the slim image: Node itself asks /health (whose answers the app does not log).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Probot's `run` with the app and the redacting logger (what `npm start` runs, minus its build
# step), after checking for credentials: without them it says how to pass them, not a stack trace.
CMD ["node", "lib/entry/server.js"]
