/**
 * `npm run gitops -- <stack> [--out <dir>] [--root <project dir>] [--digest <service>=sha256:<hex>]...`
 *
 * Renders what Argo CD owns when `platform:gitOps` is set (components/services/gitopsRender.ts): per region and
 * service the directory `<gitOps.path>/<environment>/<region>/<service>` with `workload.yaml` (migration Job as a
 * PreSync hook, Deployment or canary Rollout) and `kustomization.yaml`, under `--out` (default: the directory
 * the command is run from, i.e. run it at the root of a checkout of the deployment repository). Reads the stack files and
 * validates the configuration as `npm run preview` does; needs no Pulumi runtime.
 *
 * Re-rendering keeps the digest the services' CI last wrote into an existing `workload.yaml`. `--digest` seeds
 * one where none is written yet (CI can only bump a `<repository>@sha256:` reference).
 *
 * Refuses to write anything when a rendered object breaks the pack's mandatory Kubernetes rules
 * (k8s-migration-job-restricted, k8s-rollout-canary-analysis, Pod Security restricted).
 *
 * Exit codes: 0 written; 1 a rendered object breaks a rule (nothing written); 2 unknown stack, bad configuration,
 * no platform:gitOps, or bad usage.
 */
import * as fs from "fs";
import * as path from "path";
import "../offline/deferModule";
import type { PlatformConfig } from "../config";
import { InputError, PROJECT_ROOT, readStackFiles } from "../offline/stackFiles";

export interface GitOpsIo {
    out(line: string): void;
    err(line: string): void;
}

const USAGE = "usage: npm run gitops -- <stack> [--out <dir>] [--root <project dir>] [--digest <service>=sha256:<64 hex>]...";
const DIGEST = /^sha256:[a-f0-9]{64}$/;

export async function runGitOps(argv: string[], io: GitOpsIo = { out: console.log, err: console.error }): Promise<number> {
    const positional: string[] = [];
    let rootDir = PROJECT_ROOT;
    // npm runs scripts in the package directory; INIT_CWD is where the user typed the command.
    const cwd = process.env.INIT_CWD ?? process.cwd();
    let outDir = cwd;
    const digests: Record<string, string> = {};
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if ((arg === "--root" || arg === "--out" || arg === "--digest") && argv[i + 1] === undefined) {
            io.err(`gitops: ${arg} needs a value; ${USAGE}`);
            return 2;
        }
        if (arg === "--root") {
            rootDir = path.resolve(cwd, argv[++i]);
        } else if (arg === "--out") {
            outDir = path.resolve(cwd, argv[++i]);
        } else if (arg === "--digest") {
            const [service, digest] = argv[++i].split("=", 2);
            if (!service || digest === undefined || !DIGEST.test(digest)) {
                io.err(`gitops: --digest ${JSON.stringify(argv[i])}: expected <service>=sha256:<64 hex>`);
                return 2;
            }
            digests[service] = digest;
        } else if (arg.startsWith("-")) {
            io.err(`gitops: unknown option ${JSON.stringify(arg)}; ${USAGE}`);
            return 2;
        } else {
            positional.push(arg);
        }
    }
    if (positional.length !== 1) {
        io.err(`gitops: ${USAGE}`);
        return 2;
    }
    const validation = require("../config/validate") as typeof import("../config/validate");
    let config: PlatformConfig;
    try {
        const files = readStackFiles(rootDir, positional[0]);
        config = validation.validateConfig(validation.projectValues(files.values), files.problems);
    } catch (error) {
        if (error instanceof InputError) {
            io.err(`gitops: ${error.message}`);
            return 2;
        }
        if (error instanceof validation.ConfigError) {
            validation.problemLines(error.problems).forEach((line) => io.err(`gitops: ${line}`));
            return 2;
        }
        throw error;
    }
    if (!config.gitOps) {
        io.err(`gitops: platform:gitOps is not set in stack ${positional[0]}: Pulumi owns its workloads (npm run preview), there is nothing for Argo CD to sync`);
        return 2;
    }
    const unknownServices = Object.keys(digests).filter((s) => !(s in config.services));
    if (unknownServices.length > 0) {
        io.err(`gitops: --digest names ${unknownServices.join(", ")}, not a service of stack ${positional[0]} (expected one of ${Object.keys(config.services).join(", ")})`);
        return 2;
    }
    const { gitOpsManifestProblems, renderGitOps } = require("../components/services/gitopsRender") as typeof import("../components/services/gitopsRender");
    const existingWorkload = (repoPath: string) => {
        const file = path.join(outDir, repoPath, "workload.yaml");
        return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
    };
    const applications = renderGitOps(config, { existingWorkload, digests });
    const problems = gitOpsManifestProblems(applications);
    if (problems.length > 0) {
        io.err(`gitops: refusing to write: ${problems.length} rendered object${problems.length === 1 ? " breaks" : "s break"} the policy pack's mandatory Kubernetes rules:`);
        problems.forEach((p) => io.err(`  - ${p}`));
        return 1;
    }
    for (const app of applications) {
        const dir = path.join(outDir, app.path);
        fs.mkdirSync(dir, { recursive: true });
        for (const [name, content] of Object.entries(app.files)) {
            fs.writeFileSync(path.join(dir, name), content);
        }
        const kinds = app.objects.map((o) => o.kind).join(" + ");
        io.out(`${app.path}: ${kinds}, image ${app.image}`);
        if (!app.hasDigest) {
            io.out(`  notice: no digest yet; the service CI's gitops job bumps only <repository>@sha256:<digest> references (seed one with --digest ${app.service}=sha256:<digest>)`);
        }
    }
    io.out(`${applications.length} applications written under ${outDir}`);
    return 0;
}

if (require.main === module) {
    runGitOps(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (error) => {
            console.error(`gitops: internal error: ${(error as Error).message?.split("\n")[0] ?? error}`);
            process.exit(2);
        },
    );
}
