/**
 * `npm run bench [-- --runs N] [stacks...]`: offline preview of each stack in fresh processes, as a user runs
 * it (including Node and TypeScript start-up). Reports median wall time, peak RSS, and the share spent in the
 * policy gate. A measurement tool, not a test: nothing here asserts.
 */
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "..");

interface Sample {
    wallMs: number;
    peakRssMb: number;
    gateMs: number;
}

function runOnce(stack: string): Sample {
    const started = process.hrtime.bigint();
    // /usr/bin/time reports the child's peak RSS; fall back to no memory figure where it is missing.
    const child = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, "-r", "./scripts/register.js", "scripts/preview.ts", stack, "--quiet"], {
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
    return { wallMs, peakRssMb, gateMs: gateMatch ? Number(gateMatch[1]) : NaN };
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
    console.log(`offline preview, ${runs} runs per stack, median (fresh process each run)\n`);
    console.log("| stack | wall time (median) | peak RSS (max) | policy gate (median) | gate share |");
    console.log("|---|---|---|---|---|");
    for (const stack of targets) {
        runOnce(stack); // warm the file system cache; not counted
        const samples = Array.from({ length: runs }, () => runOnce(stack));
        const wall = median(samples.map((s) => s.wallMs));
        const gate = median(samples.map((s) => s.gateMs));
        const rss = Math.max(...samples.map((s) => s.peakRssMb));
        console.log(`| ${stack} | ${(wall / 1000).toFixed(2)} s | ${rss.toFixed(0)} MB | ${Number.isNaN(gate) ? "n/a" : `${gate.toFixed(0)} ms`} | ${Number.isNaN(gate) ? "n/a" : `${((gate / wall) * 100).toFixed(0)}%`} |`);
    }
}

main();
