/**
 * DR report: `npm run dr-report -- <stack> [--root <project dir>]`.
 *
 * Synthesizes the stack offline (as `npm run preview` does), then prints per data store the mechanism that keeps
 * a copy outside its region and the RPO it achieves (policy/lib/drObjectives.ts, the assessment the
 * `stack-dr-objectives` policy enforces), the in-region recovery figures from the configuration (point-in-time
 * restore, AWS Backup, Atlas snapshots), and the RTO: each runbook's total minutes, the regional failover's
 * against `drTargets.rtoMinutes`.
 *
 * Exit codes: 0 targets met (or none configured); 1 a target is missed; 2 unknown stack, bad config or usage.
 */
import * as fs from "fs";
import * as path from "path";
import type { PlatformConfig } from "../config";
import type { SynthesisResult } from "../offline/types";
import { InputError, PROJECT_ROOT, readStackFiles } from "../offline/stackFiles";
import { assessDataStores, DR_RESOURCE_TYPES, DrFinding, DrResource, objectiveProblems, runbookMinutes } from "../policy/lib/drObjectives";

export interface ReportIo {
    out(line: string): void;
    err(line: string): void;
}

const USAGE = "usage: npm run dr-report -- <stack> [--root <project dir>]";
const RUNBOOK_DIR = path.join("docs", "runbooks");
export const FAILOVER_RUNBOOK = "regional-failover.md";

/** The synthesized resources as the assessment reads them (secret wrappers removed: DR settings are never secret). */
export function drResourcesOf(result: SynthesisResult): DrResource[] {
    const { revealSecrets } = require("../offline/secrets") as typeof import("../offline/secrets");
    return result.resources
        .filter((r) => DR_RESOURCE_TYPES.has(r.type))
        .map((r) => ({ type: r.type, name: r.name, urn: r.urn, region: r.region, props: revealSecrets(r.inputs), deps: r.propertyDependencies }));
}

/** Minutes of every runbook in docs/runbooks (by file name), for the RTO column. */
export function runbookTotals(rootDir: string): Record<string, number | undefined> {
    const dir = path.join(rootDir, RUNBOOK_DIR);
    if (!fs.existsSync(dir)) {
        return {};
    }
    return Object.fromEntries(
        fs
            .readdirSync(dir)
            .filter((f) => f.endsWith(".md") && f !== "README.md")
            .sort()
            .map((f) => [f, runbookMinutes(fs.readFileSync(path.join(dir, f), "utf8"))]),
    );
}

/** In-region recovery figures the configuration sets (not gated: they do not survive the region). */
export function inRegionFigures(config: PlatformConfig): string[] {
    const lines = [`Postgres: automated backups ${config.postgres.backupRetentionDays} days, point-in-time restore to within ~5 min (RDS uploads transaction logs every 5 minutes)`];
    if (config.backup) {
        lines.push(
            `AWS Backup: snapshots ${config.backup.schedule} kept ${config.backup.deleteAfterDays} days${config.backup.copyToSecondaryRegions ? ", copied to each secondary region's vault" : ""}` +
                (config.backup.continuousBackupDays !== undefined ? `; continuous backup (PITR) ${config.backup.continuousBackupDays} days` : "") +
                (config.backup.restoreTesting ? `; restore drills ${config.backup.restoreTesting.schedule}` : ""),
        );
    }
    if (config.drReplication) {
        lines.push(
            `S3: ${config.drReplication.buckets.join(", ")} replicated ${config.drReplication.replicationTimeControl ? "with Replication Time Control (15 min)" : "best effort (no RTC)"}; versioning keeps every overwritten or deleted object` +
                (config.drReplication.postgresAutomatedBackupsRetentionDays !== undefined ? `; Postgres automated backups replicated ${config.drReplication.postgresAutomatedBackupsRetentionDays} days` : ""),
        );
    }
    if (config.atlas) {
        const b = config.atlas.backup;
        lines.push(`Atlas: continuous backup (PIT restore window ${b.restoreWindowDays} days), snapshots every ${b.hourlyFrequencyHours} h${b.copyToSecondaryRegions ? ", copied to the secondary regions" : ""}`);
    }
    const redis = config.redis;
    lines.push(
        redis.globalDatastore
            ? `Redis: global datastore, each secondary region's group a read-only member replicated in about a second (lag alarm at ${config.alarms?.redis.globalReplicationLagSeconds ?? "no"} s); promoted with failover-global-replication-group; snapshots ${redis.snapshotRetentionDays} days`
            : `Redis: ${redis.inSecondaryRegions ? "own cache in each secondary region" : "primary region only"}, cold after a regional loss (rebuilt from the stores above); snapshots ${redis.snapshotRetentionDays} days`,
    );
    return lines;
}

/**
 * How the edge moves each hostname off a failed region (RTO of the edge, before any runbook step): load-balanced
 * hostnames leave it once the monitor has failed `consecutiveDown` checks `intervalSeconds` apart; active-active ones
 * (geo, dynamic_latency) already serve from every region; the rest move only by the runbook's config change.
 */
export function edgeFailoverFigures(config: PlatformConfig): string[] {
    const cdn = config.cdn;
    if (!cdn) {
        return ["Edge: no platform:cdn"];
    }
    const lb = cdn.loadBalancing;
    const balanced = lb ? (lb.hostnames ?? cdn.hostnames) : [];
    const detectSeconds = lb ? lb.monitor.intervalSeconds * lb.monitor.consecutiveDown : 0;
    return cdn.hostnames.map((label) => {
        if (!lb || !balanced.includes(label)) {
            return `Edge ${label}: DNS record to one region's gateway; moves by the runbook (cdn.servingRegions), no automatic failover`;
        }
        const steering = lb.steering[label] ?? "off";
        const mode = steering === "off" ? "active-passive (primary pool, then the fallback)" : `active-active (${steering})`;
        return `Edge ${label}: load balanced, ${mode}; a failed region's pool is left after about ${Math.ceil(detectSeconds / 60)} min (${lb.monitor.consecutiveDown} failed checks ${lb.monitor.intervalSeconds} s apart)`;
    });
}

function formatRpo(f: DrFinding): string {
    if (f.unknown) {
        return "known after apply";
    }
    return f.rpoMinutes !== undefined ? `${f.rpoMinutes} min` : f.gated ? "unbounded" : "n/a";
}

/** The report's lines and exit code for a synthesized stack. */
export function drReport(result: SynthesisResult, config: PlatformConfig, rootDir: string): { lines: string[]; code: number } {
    const findings = assessDataStores(drResourcesOf(result));
    const runbooks = runbookTotals(rootDir);
    const targets = config.drTargets;
    const lines: string[] = [`DR report for ${result.project}/${result.stack} (offline synthesis; mocked providers)`, ""];
    lines.push(targets ? `Targets: RPO ${targets.rpoMinutes} min, RTO ${targets.rtoMinutes} min (platform:drTargets)` : "Targets: none (platform:drTargets unset): figures only, nothing checked");
    lines.push("", "Cross-region recovery point, per data store:");
    for (const f of findings) {
        const verdict = !f.gated ? "reported only" : !targets || f.unknown ? "-" : f.rpoMinutes !== undefined && f.rpoMinutes <= targets.rpoMinutes ? "meets" : "MISSES";
        lines.push(`  ${f.store.padEnd(10)} ${f.resource} (${f.region})`, `             ${f.mechanism}`, `             RPO ${formatRpo(f)}: ${verdict}`);
    }
    lines.push("", "In-region recovery (configuration):", ...inRegionFigures(config).map((l) => `  ${l}`));
    lines.push("", "Recovery time at the edge (configuration):", ...edgeFailoverFigures(config).map((l) => `  ${l}`));
    lines.push("", "Recovery time, per runbook (docs/runbooks, total of the steps' minutes):");
    for (const [file, minutes] of Object.entries(runbooks)) {
        lines.push(`  ${file.padEnd(36)} ${minutes === undefined ? "no steps table" : `${minutes} min`}${file === FAILOVER_RUNBOOK && targets ? ` (RTO target ${targets.rtoMinutes} min)` : ""}`);
    }
    if (!targets) {
        return { lines, code: 0 };
    }
    const problems = objectiveProblems(findings, { ...targets, failoverRunbookMinutes: runbooks[FAILOVER_RUNBOOK] });
    lines.push("");
    if (problems.length === 0) {
        lines.push("Every target is met.");
        return { lines, code: 0 };
    }
    lines.push(`Targets missed (${problems.length}):`, ...problems.map((p) => `  ${p.message}`));
    return { lines, code: 1 };
}

/** The command line: argument and config errors exit 2 before anything is synthesized. */
export async function runDrReport(argv: string[], io: ReportIo = { out: console.log, err: console.error }): Promise<number> {
    const positional: string[] = [];
    let rootDir = PROJECT_ROOT;
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--root" && argv[i + 1]) {
            rootDir = path.resolve(argv[++i]);
        } else if (argv[i].startsWith("-")) {
            io.err(`dr-report: unknown option ${JSON.stringify(argv[i])}; ${USAGE}`);
            return 2;
        } else {
            positional.push(argv[i]);
        }
    }
    if (positional.length !== 1) {
        io.err(`dr-report: ${USAGE}`);
        return 2;
    }
    const validation = require("../config/validate") as typeof import("../config/validate");
    let files;
    let config: PlatformConfig;
    try {
        files = readStackFiles(rootDir, positional[0]);
        config = validation.validateConfig(validation.projectValues(files.values), files.problems);
    } catch (error) {
        if (error instanceof InputError) {
            io.err(`dr-report: ${error.message}`);
            return 2;
        }
        if (error instanceof validation.ConfigError) {
            validation.problemLines(error.problems).forEach((line) => io.err(`dr-report: ${line}`));
            return 2;
        }
        throw error;
    }
    require("../offline/fastStart");
    const { synthesize } = require("../offline/synthesize") as typeof import("../offline/synthesize");
    const result = await synthesize({ stack: positional[0], rootDir, files });
    const { lines, code } = drReport(result, config, rootDir);
    lines.forEach((line) => io.out(line));
    return code;
}

if (require.main === module) {
    runDrReport(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (error) => {
            console.error(`dr-report: internal error: ${(error as Error).message?.split("\n")[0] ?? error}`);
            process.exit(2);
        },
    );
}
