/**
 * Offline preview: `npm run preview -- <stack> [--json <file>] [--quiet] [--root <project dir>]`.
 *
 * Synthesizes the stack in-process with mocked providers (no Pulumi CLI, plugins or cloud account),
 * evaluates the policy pack, and prints the resource plan. It shows what the program would ask the engine
 * to create; it is not a diff against real cloud state — that is `pulumi preview` (see README).
 *
 * Exit codes: 0 success; 1 a mandatory policy is violated; 2 unknown stack, bad config or bad usage, one
 * line per problem and never a stack trace. Arguments, the project and stack files, the policy config and
 * the configuration itself are all checked before the SDK and the program are loaded, so bad input is
 * answered in a fraction of a second.
 */
import * as fs from "fs";
import * as path from "path";
import "../offline/deferModule"; // first: defers what validation would load needlessly (zod's locales)
import type { RecordingMonitor } from "../offline/monitor";
import { InputError, PROJECT_ROOT, readPolicyConfig, readStackFiles } from "../offline/stackFiles";

// Loaded once the files are read: the schema is the first thing that costs (zod), the SDK the second.
type Validation = typeof import("../config/validate");

interface Args {
    stack: string;
    jsonPath?: string;
    quiet: boolean;
    /** Project directory (default: this repository). */
    rootDir?: string;
}

class UsageError extends Error {}

const USAGE = "usage: npm run preview -- <stack> [--json <file>] [--quiet] [--root <project dir>]";

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
            throw new UsageError(`unknown option ${JSON.stringify(argv[i])}; ${USAGE}`);
        } else {
            positional.push(argv[i]);
        }
    }
    if (positional.length !== 1) {
        throw new UsageError(USAGE);
    }
    return { stack: positional[0], jsonPath, quiet, rootDir };
}

/** --json must name a file that can be written, checked up front: a failed write after synthesis would hide the gate's result. */
function checkJsonPath(file: string): void {
    let stat: fs.Stats | undefined;
    try {
        stat = fs.statSync(file);
    } catch {
        stat = undefined;
    }
    if (stat?.isDirectory()) {
        throw new InputError(`--json ${file}: is a directory; expected a file path`);
    }
    const target = stat ? file : path.dirname(path.resolve(file));
    try {
        if (!stat && !fs.statSync(target).isDirectory()) {
            throw new Error("not a directory");
        }
        fs.accessSync(target, fs.constants.W_OK);
    } catch {
        throw new InputError(`--json ${file}: cannot be written (${stat ? "file is read-only" : `no writable directory ${target}`})`);
    }
}

export interface PreviewIo {
    out(line: string): void;
    err(line: string): void;
}

export interface PreviewHooks {
    /** Receives the recording monitor of the synthesis (tests check that nothing was registered). */
    onMonitor?: (monitor: RecordingMonitor) => void;
}

const consoleIo: PreviewIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** The whole preview, as the command line runs it; returns the exit code. Tests call it in-process. */
export async function runPreview(argv: string[], io: PreviewIo = consoleIo, hooks: PreviewHooks = {}): Promise<number> {
    let args: Args;
    try {
        args = parseArgs(argv);
    } catch (error) {
        io.err(`preview: ${(error as Error).message}`);
        return 2;
    }
    const rootDir = path.resolve(args.rootDir ?? PROJECT_ROOT);
    let files;
    let validation: Validation | undefined;
    try {
        if (args.jsonPath) {
            checkJsonPath(args.jsonPath);
        }
        files = readStackFiles(rootDir, args.stack);
        readPolicyConfig(rootDir, args.stack);
        validation = require("../config/validate") as Validation;
        validation.validateConfig(validation.projectValues(files.values), files.problems);
    } catch (error) {
        if (error instanceof InputError) {
            io.err(`preview: ${error.message}`);
            return 2;
        }
        if (validation && error instanceof validation.ConfigError) {
            const where = path.basename(files?.file ?? `Pulumi.${args.stack}.yaml`);
            validation.problemLines(error.problems).forEach((line) => io.err(`preview: ${where}: ${line}`));
            return 2;
        }
        throw error;
    }

    // Only now the heavy part: the SDK (trimmed by fastStart, which must load first), the program, the pack.
    require("../offline/fastStart");
    const { synthesize } = require("../offline/synthesize") as typeof import("../offline/synthesize");
    const { runPolicyGate } = require("../offline/policyGate") as typeof import("../offline/policyGate");
    const { countByType, renderTree, renderViolations, toJsonDocument } = require("../offline/render") as typeof import("../offline/render");

    const startedAt = process.uptime();
    const result = await synthesize({ stack: args.stack, rootDir, files, onMonitor: hooks.onMonitor });
    const synthesizedAt = process.uptime();
    const secretsWarning = (require("../offline/secretsProvider") as typeof import("../offline/secretsProvider")).missingEncryptedKeyWarning(files.secrets, path.basename(files.file));
    if (secretsWarning) {
        io.err(secretsWarning);
    }
    const gate = await runPolicyGate(result, rootDir);
    if (process.env.PLATFORM_PREVIEW_TIMINGS) {
        const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`;
        io.err(`start-up: ${ms(startedAt)}, synthesis: ${ms(synthesizedAt - startedAt)}, policy gate: ${gate.elapsedMs.toFixed(1)} ms`);
    }

    if (!args.quiet) {
        io.out(`Offline preview of ${result.project}/${result.stack} (mocked providers; not a diff against the cloud)\n`);
        io.out(renderTree(result));
        io.out("\nResources by type:");
        for (const [type, count] of countByType(result.resources)) {
            io.out(`  ${String(count).padStart(4)}  ${type}`);
        }
        io.out("");
    }
    if (!gate.configFile) {
        io.out(`No policy/config.${result.stack}.json: every rule at the pack's default level (mandatory).`);
    }
    io.out(renderViolations(gate.violations));
    const code = gate.mandatoryCount > 0 ? 1 : 0;
    if (args.jsonPath) {
        try {
            fs.writeFileSync(args.jsonPath, JSON.stringify(toJsonDocument(result, gate.violations), null, 2));
        } catch (error) {
            io.err(`preview: --json ${args.jsonPath}: cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the policy gate ${code === 1 ? "failed" : "passed"}`);
            return 2;
        }
    }
    io.out(`${result.resources.length} resources`);
    return code;
}

if (require.main === module) {
    runPreview(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (error) => {
            // Never a stack trace for the user: one line, exit 2. PLATFORM_PREVIEW_DEBUG=1 shows the trace.
            const message = error instanceof Error ? error.message : String(error);
            console.error(`preview: internal error: ${message.split("\n")[0]}${process.env.PLATFORM_PREVIEW_DEBUG ? `\n${(error as Error)?.stack}` : " (PLATFORM_PREVIEW_DEBUG=1 shows the trace)"}`);
            process.exit(2);
        },
    );
}
