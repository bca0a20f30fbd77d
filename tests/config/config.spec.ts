/**
 * Stack configuration: every committed stack validates, and each kind of bad input is rejected with the
 * offending key named, what was found and what was expected, before any resource is registered.
 */
import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, PlatformConfig, validateConfig } from "../../config";
import { readStackFiles } from "../../offline/stackFiles";
import { PROJECT_ROOT } from "../../offline/synthesize";
import { STACKS } from "../support/synthesis";
import { assertConfigProblem, stackConfig } from "../support/config";

function withRegion(raw: Record<string, unknown>, index: number, patch: Record<string, unknown>): Record<string, unknown> {
    const regions = (raw.regions as any[]).map((r, i) => (i === index ? { ...r, ...patch } : r));
    return { ...raw, regions };
}

describe("stack configuration", () => {
    for (const stack of STACKS) {
        it(`Pulumi.${stack}.yaml validates`, () => {
            const config: PlatformConfig = validateConfig(stackConfig(stack));
            assert.strictEqual(config.environment, stack);
            assert.strictEqual(config.regions.filter((r) => r.role === "primary").length, 1);
        });
    }

    it("single-region dev and staging, two-region prod", () => {
        assert.strictEqual(validateConfig(stackConfig("dev")).regions.length, 1);
        assert.strictEqual(validateConfig(stackConfig("staging")).regions.length, 1);
        assert.deepStrictEqual(
            validateConfig(stackConfig("prod")).regions.map((r) => r.role),
            ["primary", "secondary"],
        );
    });

    it("no two VPC CIDRs overlap across stacks and regions, and every stack has its own account", () => {
        const { cidrsOverlap } = require("../../lib/cidr");
        const all = STACKS.flatMap((stack) => validateConfig(stackConfig(stack)).regions.map((r) => ({ stack, region: r.name, cidr: r.vpcCidr })));
        for (let i = 0; i < all.length; i++) {
            for (let j = i + 1; j < all.length; j++) {
                assert.ok(!cidrsOverlap(all[i].cidr, all[j].cidr), `${all[i].stack}/${all[i].region} ${all[i].cidr} overlaps ${all[j].stack}/${all[j].region} ${all[j].cidr}`);
            }
        }
        const accounts = STACKS.map((stack) => validateConfig(stackConfig(stack)).awsAccountId);
        assert.strictEqual(new Set(accounts).size, STACKS.length, `account ids repeat: ${accounts}`);
    });

    describe("rejects bad input with the key named", () => {
        const good = () => stackConfig("prod");

        it("a missing required key", () => {
            const raw = good();
            delete raw.awsAccountId;
            assertConfigProblem(raw, "platform:awsAccountId", /required but missing \(expected string\)/);
        });

        it("a value of the wrong type", () => {
            assertConfigProblem(withRegion(good(), 0, { azCount: "three" }), "platform:regions[0].azCount", /expected (int|number).*found "three"/);
        });

        it("an invalid CIDR", () => {
            assertConfigProblem(withRegion(good(), 0, { vpcCidr: "10.300.0.0/16" }), "platform:regions[0].vpcCidr", /octet above 255.*expected an IPv4 CIDR/);
            assertConfigProblem(withRegion(good(), 0, { vpcCidr: "10.30.0.1/16" }), "platform:regions[0].vpcCidr", /host bits set/);
        });

        it("subnets that do not fit the VPC", () => {
            // Three /17 private subnets alone need one and a half /16s.
            assertConfigProblem(
                withRegion(good(), 0, { subnetNewBits: { public: 8, private: 1, database: 8 } }),
                "platform:regions[0].subnetNewBits",
                /do not fit the VPC: 9 subnets \(3 x \/24 public, 3 x \/17 private, 3 x \/24 database\) need 99840 addresses but 10\.30\.0\.0\/16 has 65536/,
            );
        });

        it("CIDRs that overlap between regions", () => {
            assertConfigProblem(withRegion(good(), 1, { vpcCidr: "10.30.128.0/17" }), "platform:regions[1].vpcCidr", /overlaps regions\[0\]\.vpcCidr 10\.30\.0\.0\/16/);
        });

        it("an unknown NAT strategy", () => {
            assertConfigProblem(withRegion(good(), 0, { natStrategy: "gateway" }), "platform:regions[0].natStrategy", /"single"\|"perAz".*found "gateway"/);
        });

        it("min greater than max in a node group", () => {
            const raw = good();
            raw.nodeGroups = [{ ...(raw.nodeGroups as any[])[0], minSize: 9, maxSize: 3, desiredSize: 3 }];
            assertConfigProblem(raw, "platform:nodeGroups[0].minSize", /minSize 9 is greater than maxSize 3/);
        });

        it("a service name that is not a DNS label", () => {
            const raw = good();
            raw.services = { ...(raw.services as Record<string, unknown>), Payments_1: {} };
            assertConfigProblem(raw, "platform:services.Payments_1", /service name "Payments_1" is not a DNS label; expected lower-case letters, digits and hyphens/);
        });

        it("an AZ count outside what the program supports", () => {
            assertConfigProblem(withRegion(good(), 0, { azCount: 1 }), "platform:regions[0].azCount", /expected number to be >=2.*found 1/);
            assertConfigProblem(withRegion(good(), 0, { azCount: 6 }), "platform:regions[0].azCount", /expected number to be <=4.*found 6/);
        });

        it("an access entry for the cluster creator, which EKS already makes admin", () => {
            const raw = good();
            raw.clusterAdminRoleArns = [raw.clusterCreatorRoleArn];
            assertConfigProblem(raw, "platform:clusterAdminRoleArns[0]", /is clusterCreatorRoleArn, which EKS already makes cluster-admin/);
        });

        it("an unknown key (a typo) rather than ignoring it", () => {
            const raw = { ...good(), kubernetesVersoin: "1.33" };
            assertConfigProblem(raw, "platform:kubernetesVersoin", /unknown key \(found "1\.33"\)/);
        });

        it("a world-open cluster endpoint CIDR, in validation rather than inside the Cluster component", () => {
            assert.doesNotThrow(() => validateConfig({ ...good(), clusterPublicAccessCidrs: ["198.51.100.0/24"] }));
            assertConfigProblem({ ...good(), clusterPublicAccessCidrs: ["0.0.0.0/0"] }, "platform:clusterPublicAccessCidrs", /cover the whole internet/);
        });

        it("reports every problem at once, in one error message", () => {
            const raw = withRegion(good(), 0, { natStrategy: "gateway", azCount: 9 });
            delete raw.owner;
            try {
                validateConfig(raw);
                assert.fail("should have thrown");
            } catch (error) {
                assert.ok(error instanceof ConfigError);
                assert.strictEqual(error.problems.length, 3);
                assert.match(error.message, /3 problems; no resources were registered/);
                for (const key of ["platform:owner", "platform:regions[0].natStrategy", "platform:regions[0].azCount"]) {
                    assert.ok(error.message.includes(key), `${key} missing from: ${error.message}`);
                }
            }
        });
    });

    it("index.ts registers no resource at all when the config is bad", async () => {
        const registered: string[] = [];
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    registered.push(args.type);
                    return { id: `${args.name}-id`, state: args.inputs };
                },
                call: (args) => args.inputs,
            },
            "platform",
            "prod",
        );
        const files = readStackFiles(PROJECT_ROOT, "prod");
        pulumi.runtime.setAllConfig({ ...files.config, "platform:awsAccountId": "not-an-account" }, files.secretKeys);
        const programPath = require.resolve(path.join(PROJECT_ROOT, "index"));
        delete require.cache[programPath];
        assert.throws(() => require(programPath), (error: unknown) => error instanceof ConfigError && /platform:awsAccountId/.test(error.message));
        assert.deepStrictEqual(registered, []);
    });
});
