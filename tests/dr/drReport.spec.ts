/**
 * `npm run dr-report`: on prod's synthesis every target is met (exit 0) with the figures the stack deploys; the
 * same synthesis missing each mechanism (no ReplicaLag alarm, replication without RTC, Atlas in one region, no
 * replica) or a tighter RTO than the failover runbook misses a target (exit 1, naming it). Stacks without targets
 * only print figures. The CLI refuses an unknown stack before synthesizing anything.
 */
import * as assert from "assert";
import { validateConfig } from "../../config";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { PROJECT_ROOT } from "../../offline/stackFiles";
import { drReport, edgeFailoverFigures, runDrReport, runbookTotals } from "../../scripts/drReport";
import { stackConfig } from "../support/config";
import { synthesizeStack } from "../support/synthesis";

describe("dr report", () => {
    let prod: SynthesisResult;
    let dev: SynthesisResult;
    let config: ReturnType<typeof validateConfig>;
    const prodConfig = () => config;
    before(async function () {
        this.timeout(300_000);
        prod = await synthesizeStack("prod");
        dev = await synthesizeStack("dev");
        config = validateConfig(stackConfig("prod"));
    });

    /** prod's synthesis with some resources edited or left out. */
    const edited = (edit: (r: SynthesizedResource) => SynthesizedResource | undefined): SynthesisResult => ({
        ...prod,
        resources: prod.resources.map(edit).filter((r): r is SynthesizedResource => r !== undefined),
    });

    it("meets prod's targets and shows the figures behind them", () => {
        const { lines, code } = drReport(prod, prodConfig(), PROJECT_ROOT);
        const text = lines.join("\n");
        assert.strictEqual(code, 0, text);
        assert.match(text, /Targets: RPO 15 min, RTO 60 min/);
        assert.match(text, /read replica platform-prod-usw2-postgres-replica in us-west-2, ReplicaLag alarm at 300 s\n\s+RPO 5 min: meets/);
        assert.match(text, /Replication Time Control \(15 min\).*\n\s+RPO 15 min: meets/);
        assert.match(text, /electable nodes US_EAST_1 \(3\), US_WEST_2 \(2\)\n\s+RPO 1 min: meets/);
        assert.match(text, /primary of an ElastiCache global datastore, secondary members in us-west-2, GlobalDatastoreReplicationLag alarm at 60 s\n\s+RPO 1 min: reported only/);
        assert.match(text, /Redis: global datastore, each secondary region's group a read-only member/);
        assert.match(text, /Edge api: load balanced, active-passive \(primary pool, then the fallback\); a failed region's pool is left after about 2 min \(2 failed checks 60 s apart\)/);
        assert.match(text, /Edge app: load balanced, active-active \(geo\)/);
        assert.match(text, /secondary member of an ElastiCache global datastore.*\n\s+RPO n\/a: reported only/);
        assert.match(text, /regional-failover\.md\s+\d+ min \(RTO target 60 min\)/);
        assert.match(text, /continuous backup \(PITR\) 14 days/);
        assert.match(text, /Every target is met\./);
    });

    it("misses the RPO when the replica's lag alarm is gone (the replica alone bounds nothing)", () => {
        const { lines, code } = drReport(edited((r) => (r.inputs.metricName === "ReplicaLag" ? undefined : r)), prodConfig(), PROJECT_ROOT);
        assert.strictEqual(code, 1);
        assert.match(lines.join("\n"), /Instance prod-use1-postgres-instance \(us-east-1\): no bounded RPO .*without a ReplicaLag alarm/);
    });

    it("misses the RPO without a replica, and when the bucket replication loses Replication Time Control", () => {
        const noReplica = drReport(edited((r) => (r.name.includes("postgres-replica-instance") || r.inputs.metricName === "ReplicaLag" ? undefined : r)), prodConfig(), PROJECT_ROOT);
        assert.strictEqual(noReplica.code, 1);
        assert.match(noReplica.lines.join("\n"), /found: automated backups replicated to us-west-2/);
        const noRtc = edited((r) =>
            r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
                ? { ...r, inputs: { ...r.inputs, rules: r.inputs.rules.map((rule: any) => ({ ...rule, destination: { ...rule.destination, replicationTime: undefined } })) } }
                : r,
        );
        const report = drReport(noRtc, prodConfig(), PROJECT_ROOT);
        assert.strictEqual(report.code, 1);
        assert.match(report.lines.join("\n"), /Bucket prod-use1-buckets-documents-bucket \(us-east-1\): no bounded RPO .*without Replication Time Control/);
    });

    it("misses the RPO with Atlas electable in the primary region only", () => {
        const oneRegion = edited((r) =>
            r.type === "mongodbatlas:index/advancedCluster:AdvancedCluster"
                ? { ...r, inputs: { ...r.inputs, replicationSpecs: r.inputs.replicationSpecs.map((s: any) => ({ ...s, regionConfigs: s.regionConfigs.slice(0, 1) })) } }
                : r,
        );
        const { lines, code } = drReport(oneRegion, prodConfig(), PROJECT_ROOT);
        assert.strictEqual(code, 1);
        assert.match(lines.join("\n"), /AdvancedCluster prod-atlas-cluster \(US_EAST_1\): no bounded RPO/);
    });

    it("misses the RTO when the failover runbook takes longer than the target", () => {
        const failover = runbookTotals(PROJECT_ROOT)["regional-failover.md"]!;
        const config = { ...prodConfig(), drTargets: { rpoMinutes: 15, rtoMinutes: failover - 1 } };
        const { lines, code } = drReport(prod, config, PROJECT_ROOT);
        assert.strictEqual(code, 1);
        assert.ok(lines.includes(`  the regional failover runbook takes ${failover} min (expected at most the RTO target ${failover - 1} min)`), lines.join("\n"));
    });

    it("only prints figures for a stack without targets (dev), even though dev replicates nothing", () => {
        const { lines, code } = drReport(dev, validateConfig(stackConfig("dev")), PROJECT_ROOT);
        assert.strictEqual(code, 0);
        assert.match(lines.join("\n"), /Targets: none/);
        assert.match(lines.join("\n"), /no copy outside us-east-1\n\s+RPO unbounded: -/);
    });

    it("refuses an unknown stack and bad usage with exit 2, before synthesizing", async () => {
        const errors: string[] = [];
        const io = { out: () => undefined, err: (l: string) => errors.push(l) };
        assert.strictEqual(await runDrReport(["nope"], io), 2);
        assert.strictEqual(await runDrReport([], io), 2);
        assert.strictEqual(await runDrReport(["prod", "--json"], io), 2);
        assert.match(errors.join("\n"), /unknown stack "nope"/);
        assert.match(errors.join("\n"), /usage: npm run dr-report -- <stack>/);
    });

    it("edge figures follow each hostname's steering, and hostnames without load balancing move only by the runbook", () => {
        const prod = validateConfig(stackConfig("prod"));
        assert.deepStrictEqual(
            edgeFailoverFigures(prod).map((l) => l.replace(/;.*/, "")),
            ["Edge api: load balanced, active-passive (primary pool, then the fallback)", "Edge app: load balanced, active-active (geo)", "Edge assets: load balanced, active-active (geo)"],
        );
        const dev = validateConfig(stackConfig("dev"));
        assert.ok(edgeFailoverFigures(dev).every((l) => /no automatic failover|no platform:cdn/.test(l)), edgeFailoverFigures(dev).join("\n"));
        assert.deepStrictEqual(edgeFailoverFigures({ ...prod, cdn: undefined }), ["Edge: no platform:cdn"]);
    });
});
