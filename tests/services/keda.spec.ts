/**
 * KEDA: the chart values exist in the pinned chart's values.yaml (vendored: fixtures/keda-2.20.2-values.yaml),
 * the pin is the validated default, and the operator's IRSA role, trusted only by keda/keda-operator, may read
 * the depth of its own region's service queues and do nothing else (checked with the IAM evaluator).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { KEDA_NAMESPACE, KEDA_OPERATOR_SERVICE_ACCOUNT, kedaHelmValues, kedaOperatorPolicy, ROLLOUT_SCALE_TARGET } from "../../components/services/keda";
import { KEDA_CHART_VERSION, kedaSchema } from "../../config";
import { documentsAllow, rolePermissions, trustedServiceAccounts } from "../support/iamAccess";
import { ofType, single, STACKS, synthesizeStacks } from "../support/synthesis";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const QUEUE = "aws:sqs/queue:Queue";
const FIXTURE = path.join(__dirname, "fixtures", `keda-${KEDA_CHART_VERSION}-values.yaml`);
const CHART_VALUES = parseYaml(fs.readFileSync(FIXTURE, "utf8")) as Record<string, unknown>;

/** Paths of `values` that the chart's values.yaml does not define (a map the chart leaves empty, `{}`, takes any key). */
function unknownValuePaths(values: unknown, chart: unknown, at = ""): string[] {
    if (values === null || typeof values !== "object" || Array.isArray(values)) {
        return [];
    }
    if (chart === null || typeof chart !== "object" || Array.isArray(chart)) {
        return [`${at || "$"}: the chart has a scalar here`];
    }
    const chartMap = chart as Record<string, unknown>;
    if (Object.keys(chartMap).length === 0) {
        return [];
    }
    return Object.entries(values as Record<string, unknown>).flatMap(([key, value]) =>
        key in chartMap ? unknownValuePaths(value, chartMap[key], `${at}.${key}`) : [`${at}.${key}: not in the chart's values.yaml`],
    );
}

describe("KEDA: pure rules", () => {
    it("pins the chart the values were read from, as the validated default", () => {
        assert.strictEqual(kedaSchema.parse({}).chartVersion, KEDA_CHART_VERSION);
        assert.match(fs.readFileSync(FIXTURE, "utf8"), new RegExp(`tag v${KEDA_CHART_VERSION.replace(/\./g, "\\.")} \\(commit [0-9a-f]{40}\\)`));
        assert.throws(() => kedaSchema.parse({ chartVersion: "2.17.0" }), /2\.18\.0 or later/);
        assert.throws(() => kedaSchema.parse({ chartVersion: "^2.20.0" }), /exact KEDA 2\.x chart version/);
    });

    it("sets only values the pinned chart defines (an unknown key would be ignored silently)", () => {
        for (const values of [kedaHelmValues({ operatorReplicas: 2, roleArn: "arn:aws:iam::111122223333:role/keda", scalesRollouts: true }), kedaHelmValues({ operatorReplicas: 1 })]) {
            assert.deepStrictEqual(unknownValuePaths(values, CHART_VALUES), []);
        }
        // The checker itself notices a misspelt key.
        assert.deepStrictEqual(unknownValuePaths({ podIdentity: { aws: { irsa: { roleARN: "x" } } } }, CHART_VALUES), [".podIdentity.aws.irsa.roleARN: not in the chart's values.yaml"]);
        // The operator ServiceAccount the role trusts is the chart's.
        assert.strictEqual((CHART_VALUES as any).serviceAccount.operator.name, KEDA_OPERATOR_SERVICE_ACCOUNT);
    });

    it("annotates the operator with its role only when it has one, and elects a leader with a PDB when replicated", () => {
        const ha: any = kedaHelmValues({ operatorReplicas: 2, roleArn: "arn:aws:iam::111122223333:role/keda" });
        assert.deepStrictEqual(ha.podIdentity.aws.irsa, { enabled: true, roleArn: "arn:aws:iam::111122223333:role/keda", stsRegionalEndpoints: "true" });
        assert.deepStrictEqual(ha.podDisruptionBudget, { operator: { minAvailable: 1 } });
        const single: any = kedaHelmValues({ operatorReplicas: 1 });
        assert.deepStrictEqual(single.podIdentity.aws.irsa, { enabled: false });
        assert.deepStrictEqual(single.podDisruptionBudget, {});
    });

    it("grants custom scale targets by name: Rollouts with canaries, none without (the chart's default is every resource)", () => {
        // The chart's default would grant get on every resource (Secrets included) and scale on all of them.
        assert.deepStrictEqual((CHART_VALUES as any).rbac.scaledRefKinds, [{ apiGroup: "*", kind: "*" }]);
        assert.deepStrictEqual((kedaHelmValues({ operatorReplicas: 1, scalesRollouts: true }) as any).rbac, { enabledCustomScaledRefKinds: true, scaledRefKinds: [ROLLOUT_SCALE_TARGET] });
        assert.deepStrictEqual((kedaHelmValues({ operatorReplicas: 1 }) as any).rbac, { enabledCustomScaledRefKinds: false });
        // RBAC names the resource (lower-case plural), not the kind: the chart renders "<kind>/scale".
        assert.deepStrictEqual(ROLLOUT_SCALE_TARGET, { apiGroup: "argoproj.io", kind: "rollouts" });
    });

    it("lets the operator read queue attributes, and nothing else", () => {
        const queue = "arn:aws:sqs:us-east-1:111122223333:platform-dev-use1-document";
        const doc = [kedaOperatorPolicy([queue]) as any];
        assert.ok(documentsAllow(doc, "sqs:GetQueueAttributes", queue));
        for (const action of ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:SendMessage", "sqs:PurgeQueue", "kms:Decrypt"]) {
            assert.ok(!documentsAllow(doc, action, queue), action);
        }
        assert.ok(!documentsAllow(doc, "sqs:GetQueueAttributes", `${queue}-dlq`));
    });
});

describe("KEDA: synthesized", () => {
    const results = synthesizeStacks();

    it("may scale every ScaledObject's target: a Rollout target's group is granted in that stack, and only then", () => {
        for (const stack of STACKS) {
            const targets = ofType(results[stack], "kubernetes:keda.sh/v1alpha1:ScaledObject").map((o) => o.inputs.spec.scaleTargetRef);
            const rolloutTargets = targets.filter((t) => t.kind === "Rollout");
            for (const release of ofType(results[stack], RELEASE).filter((r) => r.inputs.chart === "keda")) {
                const rbac = release.inputs.values.rbac;
                if (rolloutTargets.length > 0) {
                    assert.deepStrictEqual(rbac.scaledRefKinds, [{ apiGroup: rolloutTargets[0].apiVersion.split("/")[0], kind: "rollouts" }], stack);
                } else {
                    assert.deepStrictEqual(rbac, { enabledCustomScaledRefKinds: false }, stack);
                }
            }
            for (const target of targets.filter((t) => t.kind !== "Rollout")) {
                assert.ok(["Deployment", "StatefulSet"].includes(target.kind) && (target.apiVersion ?? "apps/v1") === "apps/v1", `${stack}: ${JSON.stringify(target)} needs its own RBAC`);
            }
        }
    });

    it("installs the pinned chart once per region, with CRDs, in the keda namespace", () => {
        for (const stack of STACKS) {
            const releases = ofType(results[stack], RELEASE).filter((r) => r.inputs.chart === "keda");
            assert.strictEqual(releases.length, ofType(results[stack], "platform:services:Keda").length);
            assert.ok(releases.length >= 1);
            for (const release of releases) {
                assert.strictEqual(release.inputs.version, KEDA_CHART_VERSION);
                assert.strictEqual(release.inputs.repositoryOpts.repo, "https://kedacore.github.io/charts");
                assert.strictEqual(release.inputs.namespace, KEDA_NAMESPACE);
                assert.strictEqual(release.inputs.values.crds.install, true);
                assert.deepStrictEqual(unknownValuePaths(release.inputs.values, CHART_VALUES), []);
            }
        }
    });

    it("gives the operator a role trusted only by keda/keda-operator that reads the depth of its own region's service queues and nothing else", () => {
        for (const stack of STACKS) {
            const result = results[stack];
            for (const keda of ofType(result, "platform:services:Keda")) {
                const code = keda.name.split("-")[1];
                const role = single(result, "aws:iam/role:Role", `-${code}-keda-operator-role`);
                assert.deepStrictEqual(trustedServiceAccounts(role), [`${KEDA_NAMESPACE}:${KEDA_OPERATOR_SERVICE_ACCOUNT}`]);
                const release = ofType(result, RELEASE).find((r) => r.inputs.chart === "keda" && r.name.startsWith(`${stack}-${code}-`))!;
                assert.strictEqual(release.inputs.values.podIdentity.aws.irsa.roleArn, role.outputs!.arn);

                const { documents, awsManagedPolicyArns } = rolePermissions(result, role);
                assert.deepStrictEqual(awsManagedPolicyArns, []);
                const queues = ofType(result, QUEUE);
                assert.ok(queues.length > 0);
                for (const queue of queues) {
                    const arn = queue.outputs!.arn as string;
                    // A service's work queue in this region (not its DLQ, not other components' queues such as Karpenter's).
                    const serviceQueue = (queue.parent ?? "").includes("platform:services:ServiceQueue");
                    const own = serviceQueue && queue.name.startsWith(`${stack}-${code}-`) && !queue.name.endsWith("-dlq");
                    assert.strictEqual(documentsAllow(documents, "sqs:GetQueueAttributes", arn), own, `${role.name} on ${queue.name}`);
                    for (const action of ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:SendMessage", "sqs:SetQueueAttributes"]) {
                        assert.ok(!documentsAllow(documents, action, arn), `${role.name}: ${action} on ${queue.name}`);
                    }
                }
                assert.ok(!documentsAllow(documents, "kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/any"));
            }
        }
    });
});
