/**
 * Offline preview: `npm run preview -- <stack> [--json <file>]`.
 *
 * Synthesizes the stack in-process with mocked providers (no Pulumi CLI, plugins or cloud account),
 * evaluates the policy pack, and prints the resource plan. It shows what the program would ask the engine
 * to create; it is not a diff against real cloud state — that is `pulumi preview` (see README).
 *
 * Exit codes: 0 success; 1 a mandatory policy is violated; 2 unknown stack, bad config or bad usage.
 */
import "../offline/fastStart"; // first: defers modules the offline preview never uses
import * as fs from "fs";
import { ConfigError } from "../config";
import { UnknownStackError } from "../offline/stackFiles";
import { PROJECT_ROOT, synthesize } from "../offline/synthesize";
import { countByType, renderTree, renderViolations, toJsonDocument } from "../offline/render";
import { runPolicyGate } from "../offline/policyGate";

interface Args {
    stack: string;
    jsonPath?: string;
    quiet: boolean;
    /** Project directory (default: this repository). */
    rootDir?: string;
}

function parseArgs(argv: string[]): Args {
    const positional: string[] = [];
    let jsonPath: string | undefined;
    let quiet = false;
    let rootDir: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--root") {
            rootDir = argv[++i];
            if (!rootDir) {
                throw new UsageError("--root needs a directory");
            }
        } else if (argv[i] === "--json") {
            jsonPath = argv[++i];
            if (!jsonPath) {
                throw new UsageError("--json needs a file path");
            }
        } else if (argv[i] === "--quiet") {
            quiet = true;
        } else if (argv[i].startsWith("-")) {
            throw new UsageError(`unknown option ${argv[i]}`);
        } else {
            positional.push(argv[i]);
        }
    }
    if (positional.length !== 1) {
        throw new UsageError("usage: npm run preview -- <stack> [--json <file>] [--quiet] [--root <project dir>]");
    }
    return { stack: positional[0], jsonPath, quiet, rootDir };
}

class UsageError extends Error {}

async function main(): Promise<number> {
    let args: Args;
    try {
        args = parseArgs(process.argv.slice(2));
    } catch (error) {
        console.error((error as Error).message);
        return 2;
    }
    const startedAt = process.uptime();
    let result;
    try {
        result = await synthesize({ stack: args.stack, rootDir: args.rootDir });
    } catch (error) {
        if (error instanceof UnknownStackError) {
            console.error(`preview: ${error.message}`);
            return 2;
        }
        if (error instanceof ConfigError) {
            console.error(`preview: invalid config for stack "${args.stack}": ${error.problems.map((p) => `${p.key}: ${p.message}`).join("; ")}`);
            return 2;
        }
        throw error;
    }
    const synthesizedAt = process.uptime();
    require("../offline/secretsProvider").warnIfEncryptedKeyMissing(args.rootDir ?? PROJECT_ROOT, args.stack);
    const gate = await runPolicyGate(result, args.rootDir ?? PROJECT_ROOT);
    if (process.env.PLATFORM_PREVIEW_TIMINGS) {
        const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`;
        console.error(`start-up: ${ms(startedAt)}, synthesis: ${ms(synthesizedAt - startedAt)}, policy gate: ${gate.elapsedMs.toFixed(1)} ms`);
    }

    if (!args.quiet) {
        console.log(`Offline preview of ${result.project}/${result.stack} (mocked providers; not a diff against the cloud)\n`);
        console.log(renderTree(result));
        console.log("\nResources by type:");
        for (const [type, count] of countByType(result.resources)) {
            console.log(`  ${String(count).padStart(4)}  ${type}`);
        }
        console.log("");
    }
    if (!gate.configFile) {
        console.log(`No policy/config.${result.stack}.json: every rule at the pack's default level (mandatory).`);
    }
    console.log(renderViolations(gate.violations));
    if (args.jsonPath) {
        fs.writeFileSync(args.jsonPath, JSON.stringify(toJsonDocument(result, gate.violations), null, 2));
    }
    console.log(`${result.resources.length} resources`);
    return gate.mandatoryCount > 0 ? 1 : 0;
}

main().then(
    (code) => process.exit(code),
    (error) => {
        console.error(error instanceof Error ? (error.stack ?? error.message) : error);
        process.exit(2);
    },
);
