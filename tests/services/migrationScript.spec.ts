/**
 * The migration container's shell script (components/services/migrations.ts), run with /bin/sh as the Job runs it,
 * in a scratch working directory whose node_modules/.bin holds stand-ins for `prisma` and `knex` that print what
 * they were given. Only the two mount paths are moved to scratch directories. It checks what the tools rely on:
 * - the tool the service depends on is the one that runs (the image's node_modules/.bin first on PATH), HOME writable;
 * - an IAM token (which carries `&`, `=`, `%` and `/`) reaches the tool unchanged as the URL's password;
 * - TLS verified in each tool's own dialect: node-postgres (knex) parses verify-full with the CA file read,
 *   Prisma gets require + sslcert + sslaccept=strict (its engines know no verify-full);
 * - a missing token fails the Job instead of connecting without a password.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseConnectionString } from "pg-connection-string";
import { DB_AUTH_MOUNT, migrationScript, RDS_CA_MOUNT } from "../../components/services/migrations";
import { migrationCommand } from "../../config";
import { RDS_CA_FILE } from "../../components/datastores/databaseBootstrap";

const TOKEN =
    "db.example.internal:5432/?Action=connect&DBUser=contractor&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAEXAMPLE%2F20261130%2Fus-east-1%2Frds-db%2Faws4_request&X-Amz-Date=20261130T070000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Security-Token=IQo%2Bb3JpZ2lu%3D%3D&X-Amz-Signature=0f1e2d";
const CA = "-----BEGIN CERTIFICATE-----\nMIIEBjCCAu6gAwIBAgIJAMc0ZzaSUK51MA0GCSqGSIb3DQEBCwUAMIGPMQswCQYD\n-----END CERTIFICATE-----\n";

interface Run {
    status: number | null;
    output: string;
    seen?: { tool: string; args: string[]; env: Record<string, string> };
}

function runScript(tool: "prisma" | "knex", options: { token?: string } = {}): Run {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "migration-script-"));
    const workdir = path.join(root, "app");
    const auth = path.join(root, "db-auth");
    const ca = path.join(root, "rds-ca");
    for (const dir of [path.join(workdir, "node_modules", ".bin"), auth, ca]) {
        fs.mkdirSync(dir, { recursive: true });
    }
    if (options.token !== undefined) {
        fs.writeFileSync(path.join(auth, "token"), `${options.token}\n`);
    }
    fs.writeFileSync(path.join(ca, RDS_CA_FILE), CA);
    const report = path.join(root, "seen.json");
    for (const name of ["prisma", "knex"]) {
        const stub = `#!/usr/bin/env node\nrequire("fs").writeFileSync(${JSON.stringify(report)}, JSON.stringify({ tool: ${JSON.stringify(name)}, args: process.argv.slice(2), env: process.env }));\n`;
        fs.writeFileSync(path.join(workdir, "node_modules", ".bin", name), stub, { mode: 0o755 });
    }
    const script = migrationScript(migrationCommand({ tool } as any), tool).split(DB_AUTH_MOUNT).join(auth).split(RDS_CA_MOUNT).join(ca);
    const result = spawnSync("/bin/sh", ["-ec", script], {
        cwd: workdir,
        encoding: "utf8",
        env: {
            PATH: process.env.PATH!,
            HOME: "/nonexistent",
            POSTGRES_HOST: "db.example.internal",
            POSTGRES_PORT: "5432",
            POSTGRES_DB: "platform",
            POSTGRES_IAM_USER: "contractor",
            POSTGRES_SCHEMA: "contractor",
        },
    });
    const seen = fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, "utf8")) : undefined;
    return { status: result.status, output: `${result.stdout}${result.stderr}`, seen };
}

describe("migration script, run by /bin/sh", () => {
    it("knex: the image's knex runs migrate:latest with the token as password and verify-full against the CA file", () => {
        const run = runScript("knex", { token: TOKEN });
        assert.strictEqual(run.status, 0, run.output);
        assert.strictEqual(run.seen!.tool, "knex");
        assert.deepStrictEqual(run.seen!.args, ["migrate:latest"]);
        const parsed = parseConnectionString(run.seen!.env.DATABASE_URL) as any;
        assert.strictEqual(parsed.password, TOKEN);
        assert.strictEqual(parsed.user, "contractor");
        assert.strictEqual(parsed.host, "db.example.internal");
        assert.strictEqual(parsed.database, "platform");
        assert.strictEqual(parsed.sslmode, "verify-full");
        assert.strictEqual(parsed.ssl?.ca, CA, "node-postgres reads the RDS CA from sslrootcert");
        assert.notStrictEqual(parsed.ssl?.rejectUnauthorized, false);
        // libpq-style clients: the PG* variables carry the same.
        assert.strictEqual(run.seen!.env.PGPASSWORD, TOKEN);
        assert.strictEqual(run.seen!.env.PGSSLMODE, "verify-full");
        assert.strictEqual(run.seen!.env.HOME, "/tmp");
    });

    it("prisma: the image's prisma runs migrate deploy; TLS in Prisma's dialect (require, sslcert, strict), schema set", () => {
        const run = runScript("prisma", { token: TOKEN });
        assert.strictEqual(run.status, 0, run.output);
        assert.strictEqual(run.seen!.tool, "prisma");
        assert.deepStrictEqual(run.seen!.args, ["migrate", "deploy"]);
        const url = new URL(run.seen!.env.DATABASE_URL);
        assert.strictEqual(decodeURIComponent(url.password), TOKEN);
        assert.strictEqual(url.searchParams.get("schema"), "contractor");
        assert.strictEqual(url.searchParams.get("sslmode"), "require");
        assert.strictEqual(url.searchParams.get("sslaccept"), "strict");
        assert.strictEqual(fs.readFileSync(url.searchParams.get("sslcert")!, "utf8"), CA);
    });

    it("fails without a token instead of connecting without a password", () => {
        const run = runScript("knex");
        assert.notStrictEqual(run.status, 0);
        assert.strictEqual(run.seen, undefined, "the tool must not run");
    });
});
