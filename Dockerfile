# rotation-bot as a container: built from this checkout into the same tarball `npm pack` makes,
# installed with production dependencies only, run as the unprivileged `node` user.
#
#   docker build -t rotation-bot .
#   docker run --env-file .env -v rotation-bot-data:/data -p 127.0.0.1:9464:9464 rotation-bot
#
# Stage 1: the package (TypeScript compiled to JavaScript by `npm pack`'s prepack step).
FROM node:24-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm pack --pack-destination /tmp && mv /tmp/rotation-bot-*.tgz /tmp/rotation-bot.tgz

# Stage 2: the runtime, with the package installed globally and no dev dependencies.
FROM node:24-slim
ENV NODE_ENV=production
# No install scripts: nothing we use needs one (the store runs on node:sqlite; better-sqlite3,
# a dependency of @keyv/sqlite, is never loaded), and the image needs no compiler.
RUN --mount=type=bind,from=build,source=/tmp/rotation-bot.tgz,target=/tmp/rotation-bot.tgz \
    npm install -g --omit=dev --ignore-scripts --no-audit --no-fund /tmp/rotation-bot.tgz \
    && npm cache clean --force
# The store (SQLite file) lives on a volume; with REDIS_URL set it is in Redis instead.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
WORKDIR /data
ENV STORE_PATH=/data/rotation-bot.sqlite \
    OUT_DIR=/data/out \
    METRICS_PORT=9464 \
    METRICS_HOST=0.0.0.0
EXPOSE 9464 3000
USER node
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.METRICS_PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM (docker stop) drains and exits 0 within SHUTDOWN_GRACE_MS; give it that long.
STOPSIGNAL SIGTERM
CMD ["rotation-bot", "start"]
