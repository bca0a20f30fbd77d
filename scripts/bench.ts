/**
 * `npm run bench [-- --runs N] [stacks...]`: offline preview of each stack in fresh processes, as a user runs
 * it (including Node and TypeScript start-up). Reports median wall time, peak RSS, and the share spent in the
 * policy gate. A measurement tool, not a test: nothing here asserts.
 *
 * Besides the stacks, scale cases (`prod-3r`: prod with a third region; `prod-14s`: prod with 14 services;
 * `prod-3r-14s`: both) show how synthesis grows with services x regions. They are prod's stack file with
 * `platform:` overrides, previewed from a temporary project directory that links to this one.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";

const root = path.resolve(__dirname, "..");

/** A third region for the scale cases, like prod's secondary. */
const THIRD_REGION = { name: "us-east-2", role: "secondary", vpcCidr: "10.32.0.0/16", azCount: 3, natStrategy: "perAz", flowLogRetentionDays: 365 };

/**
 * Adds the third region, admits it for PII (it gets a documents bucket and a Postgres replica), keeps Atlas's
 * primary a majority and replicates Postgres backups nowhere (RDS allows one region).
 */
function addThirdRegion(config: Record<string, any>): void {
    config["platform:regions"].push(THIRD_REGION);
    config["platform:residency"]?.allowedRegions?.pii?.push(THIRD_REGION.name);
    // RDS replicates a source's automated backups to one region only.
    if (config["platform:drReplication"]) {
        delete config["platform:drReplication"].postgresAutomatedBackupsRetentionDays;
    }
    const atlas = config["platform:atlas"];
    if (atlas?.replicateToSecondaryRegions) {
        atlas.secondaryElectableNodes = 1; // 3 + 1 + 1: the primary region keeps a majority of 5
    }
}

/** Scale cases: a name, and how it changes prod's `platform:` config. */
const SCALE_CASES: Record<string, (config: Record<string, any>) => void> = {
    "prod-3r": (config) => addThirdRegion(config),
    "prod-14s": (config) => doubleServices(config),
    "prod-3r-14s": (config) => {
        addThirdRegion(config);
        doubleServices(config);
    },
};

/** Adds a copy `<name>-b` of every service (seven more with the design's set). */
function doubleServices(config: Record<string, any>): void {
    const services = config["platform:services"];
    for (const [name, settings] of Object.entries(services)) {
        services[`${name}-b`] = settings;
    }
}

/**
 * A project directory for a scale case: links to everything of this one, plus `Pulumi.<case>.yaml` and
 * `policy/config.<case>.json` derived from prod's.
 */
function scaleCaseRoot(name: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `platform-bench-${name}-`));
    for (const entry of fs.readdirSync(root)) {
        if (entry !== "policy" && !/^Pulumi\..+\.yaml$/.test(entry)) {
            fs.symlinkSync(path.join(root, entry), path.join(dir, entry));
        }
    }
    fs.mkdirSync(path.join(dir, "policy"));
    for (const entry of fs.readdirSync(path.join(root, "policy"))) {
        fs.symlinkSync(path.join(root, "policy", entry), path.join(dir, "policy", entry));
    }
    fs.copyFileSync(path.join(root, "policy", "config.prod.json"), path.join(dir, "policy", `config.${name}.json`));
    const stackFile = parse(fs.readFileSync(path.join(root, "Pulumi.prod.yaml"), "utf8"));
    SCALE_CASES[name](stackFile.config);
    fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), stringify(stackFile));
    return dir;
}

interface Sample {
    wallMs: number;
    peakRssMb: number;
    gateMs: number;
    resources: number;
}

function runOnce(stack: string, projectRoot?: string): Sample {
    const started = process.hrtime.bigint();
    const rootArgs = projectRoot ? ["--root", projectRoot] : [];
    // /usr/bin/time reports the child's peak RSS; fall back to no memory figure where it is missing.
    const child = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, "-r", "./scripts/register.js", "scripts/preview.ts", stack, "--quiet", ...rootArgs], {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, PLATFORM_PREVIEW_TIMINGS: "1" },
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (child.status !== 0 && child.status !== 1) {
        throw new Error(`preview ${stack} failed (exit ${child.status}):\n${child.stderr}`);
    }
    const stderrLines = child.stderr.trim().split("\n");
    const peakRssMb = Number(stderrLines[stderrLines.length - 1]) / 1024;
    const gateMatch = /policy gate: ([\d.]+) ms/.exec(child.stdout + child.stderr);
    const resourcesMatch = /^(\d+) resources$/m.exec(child.stdout);
    return { wallMs, peakRssMb, gateMs: gateMatch ? Number(gateMatch[1]) : NaN, resources: resourcesMatch ? Number(resourcesMatch[1]) : NaN };
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function main(): void {
    const args = process.argv.slice(2);
    const runsIndex = args.indexOf("--runs");
    const runs = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 5;
    const stacks = args.filter((a, i) => !a.startsWith("--") && (runsIndex < 0 || i !== runsIndex + 1));
    const targets = stacks.length > 0 ? stacks : ["dev", "staging", "prod"];
    const unknown = targets.filter((t) => !fs.existsSync(path.join(root, `Pulumi.${t}.yaml`)) && !(t in SCALE_CASES));
    if (unknown.length > 0) {
        throw new Error(`unknown stack or scale case: ${unknown.join(", ")} (scale cases: ${Object.keys(SCALE_CASES).join(", ")})`);
    }
    console.log(`offline preview, ${runs} runs per stack, median (fresh process each run)\n`);
    console.log("| stack | wall time (median) | peak RSS (max) | policy gate (median) | gate share |");
    console.log("|---|---|---|---|---|");
    const sizes: Array<[string, number, number]> = [];
    for (const stack of targets) {
        const projectRoot = stack in SCALE_CASES ? scaleCaseRoot(stack) : undefined;
        try {
            runOnce(stack, projectRoot); // warm the file system cache; not counted
            const samples = Array.from({ length: runs }, () => runOnce(stack, projectRoot));
            const wall = median(samples.map((s) => s.wallMs));
            const gate = median(samples.map((s) => s.gateMs));
            const rss = Math.max(...samples.map((s) => s.peakRssMb));
            console.log(`| ${stack} | ${(wall / 1000).toFixed(2)} s | ${rss.toFixed(0)} MB | ${Number.isNaN(gate) ? "n/a" : `${gate.toFixed(0)} ms`} | ${Number.isNaN(gate) ? "n/a" : `${((gate / wall) * 100).toFixed(0)}%`} |`);
            sizes.push([stack, samples[0].resources, wall]);
        } finally {
            if (projectRoot) {
                fs.rmSync(projectRoot, { recursive: true, force: true });
            }
        }
    }
    if (targets.some((t) => t in SCALE_CASES)) {
        console.log("\n| stack | resources | wall time (median) | ms per resource |");
        console.log("|---|---|---|---|");
        for (const [stack, resources, wall] of sizes) {
            console.log(`| ${stack} | ${resources} | ${(wall / 1000).toFixed(2)} s | ${(wall / resources).toFixed(2)} |`);
        }
    }
}

main();
