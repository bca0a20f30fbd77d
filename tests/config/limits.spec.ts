/**
 * Values a real `pulumi up` would reject, or that are surely mistakes, are refused by validation with the
 * key named and the limit said: tag values, CloudWatch retention, regions, quotas, list sizes and
 * duplicates, access entries, the public endpoint, Cloudflare expression length, CIDR normal form.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { decodeConfigMap, problemLines, validateConfig } from "../../config";
import { AWS_REGIONS_BY_PARTITION, CLOUDWATCH_RETENTION_DAYS } from "../../config/sections/common";
import { CACHE_RULE_FIXED_TEXT, CLOUDFLARE_EXPRESSION_MAX_LENGTH, setLiteralLength } from "../../config/sections/cdn";
import { PROJECT_ROOT, readStackFiles } from "../../offline/stackFiles";
import { assertConfigProblem, configProblems, stackConfig } from "../support/config";

const good = (stack = "prod"): Record<string, any> => stackConfig(stack);

const withRegion = (raw: Record<string, any>, patch: Record<string, unknown>) => ({ ...raw, regions: raw.regions.map((r: any, i: number) => (i === 0 ? { ...r, ...patch } : r)) });

describe("stack configuration: provider limits", () => {
    it("tag values: at most 256 characters, no newlines, strings only", () => {
        assertConfigProblem({ ...good(), owner: "x".repeat(257) }, "platform:owner", /at most 256 characters/);
        assertConfigProblem({ ...good(), costCenter: "cc\n1001" }, "platform:costCenter", /what AWS accepts in tag values/);
        for (const value of [null, ["a"], { a: 1 }]) {
            assertConfigProblem({ ...good(), owner: value }, "platform:owner", /expected string/);
        }
        assert.doesNotThrow(() => validateConfig({ ...good(), owner: "x".repeat(256), costCenter: "Équipe plateforme: cc/1001" }));
    });

    it("CloudWatch retention: only the periods CloudWatch accepts", () => {
        assertConfigProblem({ ...good(), logRetentionDays: 2 }, "platform:logRetentionDays", /retention periods CloudWatch accepts: 1, 3, 5/);
        assertConfigProblem(withRegion(good(), { flowLogRetentionDays: 366 }), "platform:regions[0].flowLogRetentionDays", /retention periods CloudWatch accepts/);
        for (const days of CLOUDWATCH_RETENTION_DAYS) {
            assert.doesNotThrow(() => validateConfig(withRegion({ ...good(), logRetentionDays: days }, { flowLogRetentionDays: days })));
        }
    });

    it("CIDRs are normalised once: the VPC gets the same text the subnets are carved from", () => {
        for (const text of ["10.30.0.0/16 ", "010.030.000.000/16", "10.030.0.0/16"]) {
            assert.strictEqual(validateConfig(withRegion(good(), { vpcCidr: text })).regions[0].vpcCidr, "10.30.0.0/16");
        }
        assert.deepStrictEqual(validateConfig({ ...good(), clusterPublicAccessCidrs: ["198.0.0.0/08"] }).clusterPublicAccessCidrs, ["198.0.0.0/8"]);
    });

    it("VPCs are /16 to /28, and a VPC too small for its subnets is named as the cause", () => {
        assertConfigProblem(withRegion(good(), { vpcCidr: "10.0.0.0/8" }), "platform:regions[0].vpcCidr", /\/16 to \/28/);
        assertConfigProblem(
            withRegion(good(), { vpcCidr: "10.30.0.0/28" }),
            "platform:regions[0].subnetNewBits",
            /a \/28 VPC \(vpcCidr 10\.30\.0\.0\/28\) leaves room for at most 0 new bits/,
        );
    });

    it("one access entry per principal: not admin and viewer, not two roles with one name", () => {
        const raw = good();
        assertConfigProblem({ ...raw, clusterViewerRoleArns: [raw.clusterAdminRoleArns[0]] }, "platform:clusterViewerRoleArns[0]", /role name platform-admin already has an access entry \(clusterAdminRoleArns\[0\]\)/);
        assertConfigProblem(
            { ...raw, clusterAdminRoleArns: [raw.clusterAdminRoleArns[0], raw.clusterAdminRoleArns[0].replace("role/", "role/ops/")] },
            "platform:clusterAdminRoleArns[1]",
            /already has an access entry/,
        );
        assertConfigProblem({ ...raw, clusterAdminRoleArns: [raw.clusterAdminRoleArns[0], raw.clusterAdminRoleArns[0]] }, "platform:clusterAdminRoleArns[1]", /listed twice \(also \[0\]\)/);
    });

    it("the public endpoint never covers the internet, however it is split", () => {
        assertConfigProblem({ ...good(), clusterPublicAccessCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }, "platform:clusterPublicAccessCidrs", /together cover the whole internet/);
        assertConfigProblem({ ...good(), clusterPublicAccessCidrs: ["0.0.0.0/0"] }, "platform:clusterPublicAccessCidrs", /cover the whole internet/);
        assert.doesNotThrow(() => validateConfig({ ...good(), clusterPublicAccessCidrs: ["0.0.0.0/1", "128.0.0.0/2"] }));
    });

    it("regions: from the AWS provider's list, one partition, with a suggestion for a typo", () => {
        assertConfigProblem(withRegion(good(), { name: "us-east-9" }), "platform:regions[0].name", /not an AWS region; did you mean us-east-1\?/);
        assertConfigProblem(withRegion(good(), { name: "cn-north-1" }), "platform:regions[0].name", /partition aws-cn, but clusterCreatorRoleArn is in aws/);
    });

    it("the region list equals the pinned AWS provider's", () => {
        // Resolved as Node resolves the package, not by path: the mutation sandbox has no node_modules of its own.
        const awsRoot = path.dirname(require.resolve("@pulumi/aws/package.json"));
        const typings = fs.readFileSync(path.join(awsRoot, "types", "enums", "index.d.ts"), "utf8");
        const block = /export declare const Region: \{([^}]*)\}/.exec(typings)![1];
        const upstream = [...block.matchAll(/: "([a-z0-9-]+)"/g)].map((m) => m[1]).sort();
        assert.deepStrictEqual(Object.values(AWS_REGIONS_BY_PARTITION).flat().sort(), upstream);
    });

    it("quotas and sizes: node groups, nodes, replicas, ARN and instance type lengths, duplicates", () => {
        const raw = good();
        const group = raw.nodeGroups[0];
        assertConfigProblem({ ...raw, nodeGroups: Array.from({ length: 31 }, (_, i) => ({ ...group, name: `g${i}` })) }, "platform:nodeGroups", /at most 30 node groups/);
        assertConfigProblem({ ...raw, nodeGroups: [{ ...group, maxSize: 1e9 }] }, "platform:nodeGroups[0].maxSize", /<=450/);
        assertConfigProblem({ ...raw, services: { ...raw.services, bff: { ...raw.services.bff, maxReplicas: 1e9 } } }, "platform:services.bff.maxReplicas", /<=500/);
        assertConfigProblem({ ...raw, clusterAdminRoleArns: [`arn:aws:iam::333344445555:role/${"a".repeat(10000)}`] }, "platform:clusterAdminRoleArns[0]", /expected an IAM role ARN/);
        assertConfigProblem({ ...raw, nodeGroups: [{ ...group, instanceTypes: [`m7i.${"x".repeat(10000)}`] }] }, "platform:nodeGroups[0].instanceTypes[0]", /EC2 instance type/);
        assertConfigProblem({ ...raw, nodeGroups: [{ ...group, instanceTypes: ["m7i.large", "m7i.large"] }] }, "platform:nodeGroups[0].instanceTypes[1]", /listed twice/);
        assertConfigProblem({ ...raw, clusterPublicAccessCidrs: ["198.51.100.0/24", "198.51.100.0/24"] }, "platform:clusterPublicAccessCidrs[1]", /listed twice/);
        assertConfigProblem({ ...raw, services: { ...raw.services, bff: { ...raw.services.bff, dataStores: ["redis", "redis"] } } }, "platform:services.bff.dataStores[1]", /listed twice/);
    });

    it("Cloudflare rule expressions stay within 4096 characters", () => {
        const raw = good("dev");
        const extensions = Array.from({ length: 200 }, (_, i) => `e${String(i).padStart(9, "0")}`);
        const some = Array.from({ length: 20 }, (_, i) => `h${i}-${"a".repeat(55)}`);
        assertConfigProblem({ ...raw, cdn: { ...raw.cdn, hostnames: some, apiHostnames: [], assetCache: { ...raw.cdn.assetCache, extensions } } }, "platform:cdn.assetCache", new RegExp(`over Cloudflare's ${CLOUDFLARE_EXPRESSION_MAX_LENGTH}`));
        const hostnames = Array.from({ length: 40 }, (_, i) => `h${i}-${"a".repeat(55)}`);
        assertConfigProblem({ ...raw, cdn: { ...raw.cdn, hostnames, apiHostnames: hostnames } }, "platform:cdn.hostnames", /over Cloudflare's 4096/);
    });

    it("the expression bound holds for the cache rules the cdn component actually builds", () => {
        // Validation estimates the expressions without loading the Cloudflare SDK; the estimate must never be short.
        const { cacheBypassExpression, staticAssetsExpression } = require("../../components/cdn/cdn");
        const fc: typeof import("fast-check") = require("fast-check");
        const label = fc.stringMatching(/^[a-z0-9]{1,20}$/);
        fc.assert(
            fc.property(fc.uniqueArray(label, { minLength: 1, maxLength: 30 }), fc.array(fc.stringMatching(/^[a-z0-9]{1,10}$/), { maxLength: 200 }), (labels, extensions) => {
                const hosts = labels.map((l) => `${l}.dev.example.com`);
                const apiHosts = hosts.slice(0, 3);
                assert.ok(staticAssetsExpression(hosts, extensions).length <= setLiteralLength(hosts) + setLiteralLength(extensions) + CACHE_RULE_FIXED_TEXT);
                assert.ok(cacheBypassExpression(hosts, apiHosts).length <= setLiteralLength(hosts) + setLiteralLength(apiHosts) + CACHE_RULE_FIXED_TEXT);
            }),
            { seed: 13, numRuns: 200 },
        );
    });

    it("messages: .nan and .inf are named as such, and a thousand problems show the first and a count", () => {
        assertConfigProblem({ ...good(), logRetentionDays: NaN }, "platform:logRetentionDays", /found \.nan/);
        assertConfigProblem({ ...good(), kmsKeyDeletionWindowDays: Infinity }, "platform:kmsKeyDeletionWindowDays", /found \.inf/);
        const problems = configProblems({ ...good(), services: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`S${i}`, {}])) });
        const lines = problemLines(problems);
        assert.strictEqual(lines.length, 21);
        assert.match(lines[20], /^\.\.\. and \d+ more problems$/);
        assert.ok(lines.join("\n").length < 10000);
    });

    it("keys named like Object.prototype members are unknown keys, not crashes", () => {
        for (const key of ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"]) {
            const config = { ...readStackFiles(PROJECT_ROOT, "dev").config };
            Object.defineProperty(config, `platform:${key}`, { value: "1", enumerable: true });
            const raw = decodeConfigMap(config);
            assertConfigProblem(raw, `platform:${key}`, /unknown key/);
        }
    });
});
