/**
 * The cross-field rules of config/validate.ts at their boundaries: each rule reports the key a user must
 * change and stays quiet for the closest valid value. Based on the prod stack (two regions, two node groups).
 */
import * as assert from "assert";
import { ConfigError, validateConfig } from "../../config";
import { formatKey } from "../../config/keys";
import { decodeConfigMap, mebibytes, problemLines, publicEndpointProblems } from "../../config/validate";
import { assertNoProblemAt, assertProblemAt, patchAt, problemsAt, problemsOf, rawStack } from "./fixtures";

const prod = () => rawStack("prod");

describe("config validation: regions", () => {
    it("the committed prod stack has no problems", () => {
        assert.deepStrictEqual(problemsOf(prod()), []);
        assert.doesNotThrow(() => validateConfig(prod()));
    });

    it("needs exactly one primary region: none is an error", () => {
        const raw = prod();
        raw.regions = patchAt(raw.regions, 0, { role: "secondary" });
        assertProblemAt(raw, "platform:regions", /exactly one region must have role "primary" \(found 0: \[\]\)/);
    });

    it("needs exactly one primary region: two is an error, naming both", () => {
        const raw = prod();
        raw.regions = patchAt(raw.regions, 1, { role: "primary" });
        assertProblemAt(raw, "platform:regions", /\(found 2: \["us-east-1","us-west-2"\]\)/);
    });

    it("refuses a region listed twice, on the second entry", () => {
        const raw = prod();
        raw.regions = patchAt(raw.regions, 1, { name: "us-east-1" });
        assertProblemAt(raw, "platform:regions[1].name", /region us-east-1 is listed twice \(also regions\[0\]\)/);
        assertNoProblemAt(raw, "platform:regions[0].name");
    });

    it("refuses subnets that do not fit the VPC, on that region's subnetNewBits", () => {
        const raw = prod();
        raw.regions = patchAt(raw.regions, 1, { subnetNewBits: { public: 2, private: 2, database: 2 } });
        assertProblemAt(raw, "platform:regions[1].subnetNewBits", /^subnets do not fit the VPC: 9 subnets .* need 147456 addresses but 10\.31\.0\.0\/16 has 65536$/);
        assertNoProblemAt(raw, "platform:regions[0].subnetNewBits");
    });

    it("refuses overlapping VPCs on the later region, and accepts adjacent ones", () => {
        const overlapping = prod();
        overlapping.regions = patchAt(overlapping.regions, 1, { vpcCidr: "10.30.128.0/17", subnetNewBits: { public: 7, private: 3, database: 7 } });
        assertProblemAt(overlapping, "platform:regions[1].vpcCidr", /10\.30\.128\.0\/17 overlaps regions\[0\]\.vpcCidr 10\.30\.0\.0\/16/);
        const adjacent = prod();
        adjacent.regions = patchAt(adjacent.regions, 1, { vpcCidr: "10.29.0.0/16" });
        assert.deepStrictEqual(problemsOf(adjacent), []);
    });
});

describe("config validation: node groups", () => {
    const withGroup = (patch: Record<string, unknown>) => {
        const raw = prod();
        raw.nodeGroups = patchAt(raw.nodeGroups, 0, patch);
        return raw;
    };

    it("accepts desiredSize at either end of minSize..maxSize", () => {
        assert.deepStrictEqual(problemsOf(withGroup({ minSize: 2, desiredSize: 2, maxSize: 5 })), []);
        assert.deepStrictEqual(problemsOf(withGroup({ minSize: 2, desiredSize: 5, maxSize: 5 })), []);
        assert.deepStrictEqual(problemsOf(withGroup({ minSize: 3, desiredSize: 3, maxSize: 3 })), []);
    });

    it("refuses desiredSize one below minSize or one above maxSize", () => {
        assertProblemAt(withGroup({ minSize: 2, desiredSize: 1, maxSize: 5 }), "platform:nodeGroups[0].desiredSize", /desiredSize 1 is outside minSize\.\.maxSize \(2\.\.5\)/);
        assertProblemAt(withGroup({ minSize: 2, desiredSize: 6, maxSize: 5 }), "platform:nodeGroups[0].desiredSize", /desiredSize 6 is outside minSize\.\.maxSize \(2\.\.5\)/);
    });

    it("reports minSize above maxSize once, on minSize, not again as a bad desiredSize", () => {
        const raw = withGroup({ minSize: 6, desiredSize: 6, maxSize: 5 });
        assertProblemAt(raw, "platform:nodeGroups[0].minSize", /minSize 6 is greater than maxSize 5/);
        assertNoProblemAt(raw, "platform:nodeGroups[0].desiredSize");
    });

    it("refuses a node group name used twice, on the second group", () => {
        const raw = prod();
        raw.nodeGroups = patchAt(raw.nodeGroups, 1, { name: "general" });
        assertProblemAt(raw, "platform:nodeGroups[1].name", /node group name "general" is used twice \(also nodeGroups\[0\]\)/);
        assertNoProblemAt(raw, "platform:nodeGroups[0].name");
    });
});

describe("config validation: cluster access", () => {
    for (const list of ["clusterAdminRoleArns", "clusterCiRoleArns", "clusterViewerRoleArns"]) {
        it(`refuses the creator role in ${list}, naming its index`, () => {
            const raw = prod();
            raw[list] = ["arn:aws:iam::333344445555:role/someone-else", raw.clusterCreatorRoleArn];
            assertProblemAt(raw, `platform:${list}[1]`, /github-actions-deploy is clusterCreatorRoleArn, which EKS already makes cluster-admin/);
            assertNoProblemAt(raw, `platform:${list}[0]`);
        });
    }

    it("refuses the creator's role name under another path, naming the creator entry; the creator's own ARN gets its own message only", () => {
        const raw = prod();
        raw.clusterViewerRoleArns = ["arn:aws:iam::333344445555:role/ci/github-actions-deploy"];
        assertProblemAt(raw, "platform:clusterViewerRoleArns[0]", /^role name github-actions-deploy already has an access entry \(clusterCreatorRoleArn\)/);
        raw.clusterViewerRoleArns = [raw.clusterCreatorRoleArn];
        assert.deepStrictEqual(problemsAt(raw, "platform:clusterViewerRoleArns[0]").length, 1);
    });
});

describe("config validation: helpers", () => {
    const problem = (n: number) => ({ key: `platform:k${n}`, message: `m${n}` });

    it("lists at most the given number of problems, then how many more", () => {
        assert.deepStrictEqual(problemLines([problem(1), problem(2), problem(3)], 2), ["platform:k1: m1", "platform:k2: m2", "... and 1 more problems"]);
        assert.deepStrictEqual(problemLines([problem(1), problem(2)], 2), ["platform:k1: m1", "platform:k2: m2"]);
    });

    it("refuses public endpoint ranges that together cover the internet, in any order, and only those", () => {
        assert.strictEqual(publicEndpointProblems(["0.0.0.0/1", "128.0.0.0/1"]).length, 1);
        assert.strictEqual(publicEndpointProblems(["128.0.0.0/1", "0.0.0.0/1"]).length, 1);
        assert.strictEqual(publicEndpointProblems(["0.0.0.0/0"]).length, 1);
        // Nested ranges count once; a gap is a gap.
        assert.deepStrictEqual(publicEndpointProblems(["0.0.0.0/1", "0.0.0.0/2", "128.0.0.0/2"]), []);
        assert.deepStrictEqual(publicEndpointProblems(["0.0.0.0/2", "128.0.0.0/1"]), []);
        assert.deepStrictEqual(publicEndpointProblems(["203.0.113.0/24"]), []);
        assert.deepStrictEqual(publicEndpointProblems([]), []);
    });

    it("keeps text keys as given (even when they look like JSON) and decodes the structured ones", () => {
        const raw = decodeConfigMap({ "platform:kubernetesVersion": "1.33", "platform:gatewayNamespace": "123", "platform:regions": "[]", "platform:toString": "1", "aws:region": "us-east-1" });
        assert.deepStrictEqual({ ...raw }, { kubernetesVersion: "1.33", gatewayNamespace: "123", regions: [], toString: 1 });
    });
});

describe("config validation: services", () => {
    const withService = (patch: Record<string, unknown>) => {
        const raw = prod();
        raw.services = { ...raw.services, bff: { ...raw.services.bff, ...patch } };
        return raw;
    };

    it("accepts an added service with only its name, and one dropped: the set is data", () => {
        const raw = prod();
        raw.services = { ...raw.services, billing: {} };
        delete raw.services.realtime;
        assertNoProblemAt(raw, "platform:services.billing");
        assertNoProblemAt(raw, "platform:services.realtime");
    });

    it("refuses a service name that is not a DNS label (uppercase, underscore, leading digit or hyphen, trailing hyphen)", () => {
        for (const name of ["Billing", "bill_ing", "1billing", "-billing", "billing-", "bill.ing"]) {
            const raw = prod();
            raw.services = { ...raw.services, [name]: {} };
            assertProblemAt(raw, formatKey(["services", name]), /is not a DNS label/);
        }
        const raw = prod();
        raw.services = { ...raw.services, "b-1": {} };
        assertNoProblemAt(raw, "platform:services.b-1");
    });

    it("accepts minReplicas equal to maxReplicas and refuses one more", () => {
        assertNoProblemAt(withService({ minReplicas: 4, maxReplicas: 4 }), "platform:services.bff.minReplicas");
        assertProblemAt(withService({ minReplicas: 5, maxReplicas: 4 }), "platform:services.bff.minReplicas", /minReplicas 5 is greater than maxReplicas 4/);
    });

    it("accepts a CPU request equal to the limit and refuses one millicore more", () => {
        assertNoProblemAt(withService({ cpuRequest: "500m", cpuLimit: "500m" }), "platform:services.bff.cpuRequest");
        assertProblemAt(withService({ cpuRequest: "501m", cpuLimit: "500m" }), "platform:services.bff.cpuRequest", /cpuRequest 501m exceeds cpuLimit 500m/);
    });

    it("compares memory across units: 1Gi is 1024Mi", () => {
        assertNoProblemAt(withService({ memoryRequest: "1024Mi", memoryLimit: "1Gi" }), "platform:services.bff.memoryRequest");
        assertProblemAt(withService({ memoryRequest: "1025Mi", memoryLimit: "1Gi" }), "platform:services.bff.memoryRequest", /memoryRequest 1025Mi exceeds memoryLimit 1Gi/);
        assertProblemAt(withService({ memoryRequest: "2Gi", memoryLimit: "1536Mi" }), "platform:services.bff.memoryRequest", /exceeds/);
    });

    it("converts memory quantities to mebibytes", () => {
        assert.strictEqual(mebibytes("512Mi"), 512);
        assert.strictEqual(mebibytes("2Gi"), 2048);
    });
});

describe("config validation: reporting", () => {
    it("names each problem's full key in one error, counting them", () => {
        const raw = prod();
        raw.services = { ...raw.services, bff: { ...raw.services.bff, minReplicas: 30 } };
        raw.nodeGroups = patchAt(raw.nodeGroups, 1, { name: "general" });
        assert.throws(
            () => validateConfig(raw),
            (error: Error) =>
                error instanceof ConfigError &&
                error.name === "ConfigError" &&
                error.message.startsWith("Invalid stack configuration: 2 problems; no resources were registered.\n") &&
                error.message.includes("\n  - platform:nodeGroups[1].name: node group name") &&
                error.message.includes("\n  - platform:services.bff.minReplicas: minReplicas 30"),
        );
    });

    it("says problem, not problems, for one", () => {
        const raw = prod();
        raw.nodeGroups = patchAt(raw.nodeGroups, 1, { name: "general" });
        assert.throws(() => validateConfig(raw), /^ConfigError: Invalid stack configuration: 1 problem; no resources/);
    });

    it("reports an unknown key with what was found", () => {
        const raw = { ...prod(), logRetentionDay: 30 };
        assertProblemAt(raw, "platform:logRetentionDay", /^unknown key \(found 30\); check the spelling/);
    });

    it("reports a missing required key with the expected type", () => {
        const raw = prod();
        delete raw.owner;
        assertProblemAt(raw, "platform:owner", /^required but missing \(expected string\)$/);
    });

    it("reports a wrong value with what was found, shortening long values", () => {
        const raw = prod();
        raw.regions = patchAt(raw.regions, 0, { azCount: 9 });
        assertProblemAt(raw, "platform:regions[0].azCount", /\(found 9\)$/);
        const long = { ...prod(), kubernetesVersion: 7, clusterAdminRoleArns: "x".repeat(100) };
        const [message] = problemsAt(long, "platform:clusterAdminRoleArns");
        assert.match(message, /\(found "x{76}\.\.\.\)$/);
        assert.match(problemsAt(long, "platform:kubernetesVersion")[0], /^expected string, received number \(found 7\)$/);
        const exactly80 = { ...prod(), clusterAdminRoleArns: "x".repeat(78) };
        assert.match(problemsAt(exactly80, "platform:clusterAdminRoleArns")[0], /\(found "x{78}"\)$/);
    });

    it("reports the data-store, atlas and cdn sections' problems under their full keys", () => {
        const raw = prod();
        raw.postgres = { ...raw.postgres, deletionProtection: false };
        raw.atlas = { ...raw.atlas, electableNodes: 4 };
        raw.cdn = { ...raw.cdn, apiHostnames: ["graphql"] };
        const problems = problemsOf(raw);
        assert.deepStrictEqual(
            problems.map((p) => p.key),
            ["platform:postgres.deletionProtection", "platform:atlas.electableNodes", "platform:cdn.apiHostnames[0]"],
        );
        assert.match(problems[0].message, /^false while protectStatefulResources is true/);
        assert.match(problems[2].message, /^"graphql" is not one of hostnames/);
    });

    it("reports the alarms, delivery, observability and gateway sections' problems under their full keys", () => {
        const raw = prod();
        raw.alarms = { ...raw.alarms, postgres: { ...raw.alarms.postgres, replicaLagSeconds: 901 } };
        raw.delivery = { ...raw.delivery, ciIdentities: { ...raw.delivery.ciIdentities, serviceRepositories: { payments: "payments" } } };
        const receivers = raw.observability.selfHosted.receivers;
        raw.observability = { ...raw.observability, selfHosted: { ...raw.observability.selfHosted, receivers: [...receivers, { ...receivers[0] }] } };
        const problems = problemsOf(raw);
        assert.deepStrictEqual(
            problems.map((p) => p.key),
            ["platform:alarms.postgres.replicaLagSeconds", "platform:delivery.ciIdentities.serviceRepositories.payments", `platform:observability.selfHosted.receivers[${receivers.length}].name`],
        );
        assert.match(problems[0].message, /^901 seconds is more than drTargets\.rpoMinutes 15/);
        assert.match(problems[1].message, /^payments is not a configured service/);
        assert.match(problems[2].message, /^receiver name pagerduty-oncall is already used by receivers\[0\]/);
    });
});
