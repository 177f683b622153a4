/**
 * A throwaway redis-server for tests: 127.0.0.1, a free port, its own temp dir, no persistence.
 * Returns undefined when the redis-server binary is not installed, so suites can skip with a reason
 * (CI installs it: apt-get install -y redis-server).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RedisHandle {
  /** redis://[:password@]127.0.0.1:PORT */
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Kills the server (SIGKILL, as a crash), keeping its port and folder for restart(). */
  kill(): Promise<void>;
  /** Starts it again on the same port (an outage ending). */
  restart(): Promise<void>;
}

/** Why a Redis suite is skipped, for the describe title. */
export const REDIS_SKIP_REASON = "redis-server is not installed (apt-get install -y redis-server)";

/** REDIS_SERVER names another binary (or a missing one, to see the skip). */
const BINARY = process.env.REDIS_SERVER ?? "redis-server";

export function redisServerInstalled(): boolean {
  const probe = spawnSync(BINARY, ["--version"], { stdio: "ignore" });
  return probe.error === undefined && probe.status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("no port assigned"));
      });
    });
  });
}

/** One PING over raw RESP; true when the server answers (+PONG, or -NOAUTH when a password is set). */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function startOnce(port: number, dir: string, password?: string): Promise<ChildProcess | undefined> {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""];
  args.push("--appendonly", "no", "--daemonize", "no", "--logfile", "", "--loglevel", "warning");
  if (password) args.push("--requirepass", password);
  const child = spawn(BINARY, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += String(d);
  });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return undefined; // e.g. the port was taken meanwhile
    if (await ping(port)) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server did not accept connections within 10 s: ${stderr.slice(0, 500)}`);
}

let warned = false;

/** Says once, on stderr where every runner shows it, why the Redis suites are skipped. */
export function warnRedisSkipped(): void {
  if (warned) return;
  warned = true;
  console.warn(`Redis tests skipped: ${REDIS_SKIP_REASON}`);
}

export async function startRedis(options: { password?: string } = {}): Promise<RedisHandle | undefined> {
  if (!redisServerInstalled()) {
    warnRedisSkipped();
    return undefined;
  }
  const dir = await mkdtemp(join(tmpdir(), "rotation-bot-redis-"));
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    let child = await startOnce(port, dir, options.password);
    if (!child) continue;
    const auth = options.password ? `:${encodeURIComponent(options.password)}@` : "";
    const end = async (signal: NodeJS.Signals) => {
      const running = child as ChildProcess;
      if (running.pid !== undefined && running.exitCode === null && running.signalCode === null)
        process.kill(running.pid, signal);
      await exited(running);
    };
    return {
      url: `redis://${auth}127.0.0.1:${port}`,
      port,
      async stop() {
        await end("SIGTERM");
        await rm(dir, { recursive: true, force: true });
      },
      kill: () => end("SIGKILL"),
      async restart() {
        const again = await startOnce(port, dir, options.password);
        if (!again) throw new Error(`redis-server could not start again on port ${port}`);
        child = again;
      },
    };
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error("redis-server failed to start on three free ports");
}
