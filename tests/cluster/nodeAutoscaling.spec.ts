/**
 * Node autoscaling: the pure builders (IAM scope, queue policy, event patterns, NodePool and EC2NodeClass), and per
 * stack what each environment's config asks for (dev: Cluster Autoscaler; staging and prod: Karpenter in every
 * region), checked against the upstream chart values and CRDs vendored in fixtures/ (see fixtures/README.md).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import {
    clusterAutoscalerPolicy,
    ec2NodeClassManifest,
    INLINE_ROLE_POLICY_LIMIT,
    interruptionEventPatterns,
    interruptionQueuePolicy,
    karpenterControllerPolicy,
    KARPENTER_NODE_POLICY_ARNS,
    karpenterNames,
    nodePoolManifest,
    policySize,
} from "../../components/cluster/nodeAutoscaling";
import { karpenterSchema, validateConfig } from "../../config";
import { PolicyStatement } from "../../lib/iam";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { stackConfig } from "../support/config";
import { StructuralSchema, structuralSchemaProblems } from "../support/kubernetesSchemas";
import { ofType, single, synthesizeStack } from "../support/synthesis";
import { k8sKarpenterEc2NodeClassHardened } from "../../policy/rules/kubernetes/k8sKarpenterEc2NodeClassHardened";
import { k8sKarpenterNodePoolLimits } from "../../policy/rules/kubernetes/k8sKarpenterNodePoolLimits";
import { resourceArgs, violationsOf } from "../../policy/tests/helpers";

const FIXTURES = path.join(__dirname, "fixtures");
const KARPENTER_VALUES = YAML.parse(fs.readFileSync(path.join(FIXTURES, "karpenter-1.14.1-values.yaml"), "utf8"));
const AUTOSCALER_VALUES = YAML.parse(fs.readFileSync(path.join(FIXTURES, "cluster-autoscaler-9.51.0-values.yaml"), "utf8"));
/** cluster-autoscaler's command-line flags: the chart passes `extraArgs` through as `--<key>=<value>`. */
const AUTOSCALER_FLAGS = new Set(
    fs
        .readFileSync(path.join(FIXTURES, "cluster-autoscaler-1.33.0-flags.txt"), "utf8")
        .split("\n")
        .filter((l) => l && !l.startsWith("#")),
);
const KARPENTER_CRDS = JSON.parse(fs.readFileSync(path.join(FIXTURES, "karpenter-1.14.1-crds.json"), "utf8")) as Record<"NodePool" | "EC2NodeClass", StructuralSchema>;

const RELEASE = "kubernetes:helm.sh/v3:Release";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

/**
 * Keys of `values` the chart's values.yaml does not have. Below a key whose upstream default is a map left empty
 * (`{}`, e.g. annotations) or a list, anything goes: that is where the chart takes free-form input.
 */
function valuesKeyProblems(values: unknown, upstream: unknown, at = ""): string[] {
    if (values === null || typeof values !== "object" || Array.isArray(values)) {
        return [];
    }
    if (upstream === null || typeof upstream !== "object" || Array.isArray(upstream) || Object.keys(upstream).length === 0) {
        return upstream === null || typeof upstream === "object" ? [] : [`${at}: the chart has a scalar here`];
    }
    return Object.entries(values).flatMap(([key, value]) =>
        key in upstream ? valuesKeyProblems(value, (upstream as Record<string, unknown>)[key], `${at}.${key}`) : [`${at}.${key}: not in the chart's values.yaml`],
    );
}

const scope = { region: "us-east-1", accountId: "111122223333", clusterName: "platform-prod-use1" };
const arns = {
    nodeRoleArn: "arn:aws:iam::111122223333:role/platform-prod-use1-karpenter-node",
    queueArn: "arn:aws:sqs:us-east-1:111122223333:platform-prod-use1-karpenter",
    queueKeyArn: "arn:aws:kms:us-east-1:111122223333:key/queue",
    ebsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/ebs",
};
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const READ_ONLY = /^[a-z0-9-]+:(Describe|Get|List)[A-Za-z]*$/;

/** Problems of a Karpenter controller policy: what the brief (and Karpenter's template) require of its scope. */
function controllerPolicyProblems(statements: PolicyStatement[], clusterName: string, nodeRoleArn: string): string[] {
    const problems: string[] = [];
    for (const s of statements) {
        const actions = list(s.Action);
        const resources = list(s.Resource);
        const conditions = JSON.stringify(s.Condition ?? {});
        if (actions.includes("iam:PassRole") && (resources.length !== 1 || resources[0] !== nodeRoleArn)) {
            problems.push(`${s.Sid}: iam:PassRole on ${resources.join(", ")}`);
        }
        const writes = actions.filter((a) => !READ_ONLY.test(a) && a !== "pricing:GetProducts");
        if (resources.includes("*") && writes.length > 0) {
            problems.push(`${s.Sid}: ${writes.join(", ")} on *`);
        }
        const launchOrDelete = actions.filter((a) => ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate", "ec2:CreateTags", "ec2:CreateLaunchTemplate"].includes(a));
        if (launchOrDelete.length > 0 && !conditions.includes(`kubernetes.io/cluster/${clusterName}`)) {
            problems.push(`${s.Sid}: ${launchOrDelete.join(", ")} without the cluster's tag condition`);
        }
        if (resources.some((r) => r.includes(":instance-profile/")) && !actions.every((a) => a === "iam:GetInstanceProfile") && !conditions.includes(`kubernetes.io/cluster/${clusterName}`)) {
            problems.push(`${s.Sid}: instance profile changes without the cluster's tag condition`);
        }
    }
    return problems;
}

describe("node autoscaling: pure builders", () => {
    const policy = karpenterControllerPolicy({ ...scope, ...arns });

    it("Karpenter's controller: PassRole only on its node role, writes only on this cluster's tagged resources", () => {
        assert.deepStrictEqual(controllerPolicyProblems(policy.Statement, scope.clusterName, arns.nodeRoleArn), []);
        // The checker bites: a PassRole on every role, a termination without the tag condition, a write on "*".
        const loose: PolicyStatement[] = [
            { Sid: "Pass", Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
            { Sid: "Kill", Effect: "Allow", Action: "ec2:TerminateInstances", Resource: "arn:aws:ec2:us-east-1:*:instance/*" },
        ];
        assert.deepStrictEqual(controllerPolicyProblems(loose, scope.clusterName, arns.nodeRoleArn), [
            "Pass: iam:PassRole on *",
            "Pass: iam:PassRole on *",
            "Kill: ec2:TerminateInstances without the cluster's tag condition",
        ]);
    });

    it("has each of Karpenter's template statements, the queue's actions only on the queue, keys only through their service", () => {
        const sids = policy.Statement.map((s) => s.Sid);
        for (const sid of [
            "AllowScopedEC2InstanceAccessActions",
            "AllowScopedEC2LaunchTemplateAccessActions",
            "AllowScopedEC2InstanceActionsWithTags",
            "AllowScopedResourceCreationTagging",
            "AllowScopedResourceTagging",
            "AllowScopedDeletion",
            "AllowPassingInstanceRole",
            "AllowScopedInstanceProfileCreationActions",
            "AllowScopedInstanceProfileTagActions",
            "AllowScopedInstanceProfileActions",
            "AllowAPIServerEndpointDiscovery",
            "AllowInterruptionQueueActions",
            "AllowZonalShiftStatusReadOnly",
            "AllowRegionalReadActions",
            "AllowSSMReadActions",
            "AllowPricingReadActions",
            "AllowUnscopedInstanceProfileListAction",
            "AllowInstanceProfileReadActions",
        ]) {
            assert.ok(sids.includes(sid), `missing ${sid}`);
        }
        const sqs = policy.Statement.filter((s) => list(s.Action).some((a) => a.startsWith("sqs:")));
        assert.deepStrictEqual(sqs.map((s) => s.Resource), [arns.queueArn]);
        for (const s of policy.Statement.filter((st) => list(st.Action).some((a) => a.startsWith("kms:")))) {
            assert.match(JSON.stringify(s.Condition), /kms:ViaService/, `${s.Sid} uses a key outside its service`);
        }
        assert.deepStrictEqual(policy.Statement.find((s) => s.Sid === "AllowAPIServerEndpointDiscovery")?.Resource, "arn:aws:eks:us-east-1:111122223333:cluster/platform-prod-use1");
    });

    it("fits IAM's inline policy limit even for the longest cluster name", () => {
        const longest = karpenterControllerPolicy({ ...scope, clusterName: "c".repeat(100), ...arns, nodeRoleArn: `arn:aws:iam::111122223333:role/${"r".repeat(64)}` });
        assert.ok(policySize(longest) < INLINE_ROLE_POLICY_LIMIT, `${policySize(longest)} characters`);
    });

    it("the interruption queue: TLS only, EventBridge only for our rules", () => {
        const ruleArns = ["arn:aws:events:us-east-1:111122223333:rule/a", "arn:aws:events:us-east-1:111122223333:rule/b"];
        const doc = interruptionQueuePolicy({ queueArn: arns.queueArn, ruleArns });
        const deny = doc.Statement.find((s) => s.Effect === "Deny");
        assert.deepStrictEqual(deny, { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: arns.queueArn, Condition: { Bool: { "aws:SecureTransport": "false" } } });
        const events = doc.Statement.find((s) => JSON.stringify(s.Principal).includes("events.amazonaws.com"));
        assert.deepStrictEqual(events?.Condition, { ArnEquals: { "aws:SourceArn": ruleArns } });
        assert.deepStrictEqual(events?.Action, "sqs:SendMessage");
        assert.ok(doc.Statement.every((s) => s.Effect === "Deny" || list(s.Action).every((a) => a === "sqs:SendMessage")));
    });

    it("EventBridge patterns: AWS Health and the four EC2 interruption events of Karpenter's template", () => {
        const patterns = interruptionEventPatterns();
        assert.deepStrictEqual(patterns.health, { source: ["aws.health"], "detail-type": ["AWS Health Event"] });
        assert.deepStrictEqual(patterns.ec2.source, ["aws.ec2"]);
        assert.deepStrictEqual([...patterns.ec2["detail-type"]].sort(), [
            "EC2 Capacity Reservation Instance Interruption Warning",
            "EC2 Instance Rebalance Recommendation",
            "EC2 Instance State-change Notification",
            "EC2 Spot Instance Interruption Warning",
        ]);
    });

    it("names stay within AWS limits (SQS 80 with the -dlq suffix, EventBridge 64, IAM role 64)", () => {
        const names = karpenterNames("c".repeat(100));
        assert.ok(names.deadLetterQueue.length <= 80 && names.queue.length <= 80);
        assert.ok(Object.values(names.rules).every((r) => r.length <= 64));
        assert.ok(names.nodeRole.length <= 64);
        assert.notStrictEqual(names.rules.health, names.rules.ec2);
    });

    it("NodePool: limits, requirements and disruption from config, valid against the v1.14.1 CRD", () => {
        const config = karpenterSchema.parse({ amiAlias: "al2023@v20250704", nodePool: { cpuLimit: "100", memoryLimit: "400Gi", minInstanceGeneration: 7, capacityTypes: ["spot", "on-demand"] } });
        const pool = nodePoolManifest(config, { nodePool: "p", nodeClass: "c" });
        assert.deepStrictEqual(pool.spec.limits, { cpu: "100", memory: "400Gi" });
        assert.deepStrictEqual(pool.spec.disruption, { consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "1m", budgets: [{ nodes: "10%" }] });
        assert.strictEqual(pool.spec.template.spec.expireAfter, "720h");
        const requirement = (key: string) => pool.spec.template.spec.requirements.find((r: any) => r.key === key);
        assert.deepStrictEqual(requirement("karpenter.k8s.aws/instance-generation"), { key: "karpenter.k8s.aws/instance-generation", operator: "Gt", values: ["6"] });
        assert.deepStrictEqual(requirement("karpenter.sh/capacity-type").values, ["spot", "on-demand"]);
        assert.deepStrictEqual(pool.spec.template.spec.nodeClassRef, { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "c" });
        const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = pool;
        assert.deepStrictEqual(structuralSchemaProblems(rest, KARPENTER_CRDS.NodePool), []);
    });

    it("EC2NodeClass: pinned alias only, IMDSv2 hop 1, encrypted gp3 under the EBS key, valid against the v1.14.1 CRD", () => {
        const config = karpenterSchema.parse({ amiAlias: "al2023@v20250704" });
        const nodeClass = ec2NodeClassManifest({ config, name: "c", clusterName: "platform-prod-use1", nodeRoleName: "node-role", ebsKeyArn: arns.ebsKeyArn });
        assert.deepStrictEqual(nodeClass.spec.amiSelectorTerms, [{ alias: "al2023@v20250704" }]);
        assert.strictEqual(nodeClass.spec.metadataOptions.httpTokens, "required");
        assert.strictEqual(nodeClass.spec.metadataOptions.httpPutResponseHopLimit, 1);
        assert.deepStrictEqual(nodeClass.spec.blockDeviceMappings[0].ebs, { volumeSize: "50Gi", volumeType: "gp3", encrypted: true, kmsKeyID: arns.ebsKeyArn, deleteOnTermination: true });
        assert.deepStrictEqual(nodeClass.spec.subnetSelectorTerms, [{ tags: { "karpenter.sh/discovery": "platform-prod-use1" } }]);
        assert.deepStrictEqual(nodeClass.spec.securityGroupSelectorTerms, nodeClass.spec.subnetSelectorTerms);
        const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = nodeClass;
        assert.deepStrictEqual(structuralSchemaProblems(rest, KARPENTER_CRDS.EC2NodeClass), []);
        // The vendored CRD bites: a misspelt field and a role together with an instance profile's required shape.
        const bad = structuralSchemaProblems({ spec: { ...rest.spec, metadataOption: {} } }, KARPENTER_CRDS.EC2NodeClass).map((p) => `${p.pointer} ${p.message}`);
        assert.ok(bad.some((p) => p.startsWith("/spec/metadataOption unknown field")), bad.join("\n"));
    });

    it("Cluster Autoscaler: describes anywhere, scaling only groups tagged for this cluster", () => {
        const doc = clusterAutoscalerPolicy(scope);
        const writes = doc.Statement.filter((s) => list(s.Action).some((a) => ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"].includes(a)));
        assert.strictEqual(writes.length, 1);
        assert.deepStrictEqual(writes[0].Condition, {
            StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true", "aws:ResourceTag/k8s.io/cluster-autoscaler/platform-prod-use1": "owned" },
        });
        for (const s of doc.Statement.filter((st) => list(st.Resource).includes("*"))) {
            assert.ok(list(s.Action).every((a) => READ_ONLY.test(a)), `${s.Sid} writes on *`);
        }
        assert.deepStrictEqual(doc.Statement.find((s) => list(s.Action).includes("eks:DescribeNodegroup"))?.Resource, "arn:aws:eks:us-east-1:111122223333:nodegroup/platform-prod-use1/*/*");
    });

    it("the values checker bites on a key the chart does not have", () => {
        assert.deepStrictEqual(valuesKeyProblems({ settings: { clusterName: "x", interuptionQueue: "q" }, serviceAccount: { annotations: { any: "thing" } } }, KARPENTER_VALUES), [
            ".settings.interuptionQueue: not in the chart's values.yaml",
        ]);
    });
});

// ---------------------------------------------------------------------------------------------------------------
// Per stack

interface RegionView {
    prefix: string;
    region: string;
    clusterName: string;
}

function regionsOf(result: SynthesisResult): RegionView[] {
    return ofType(result, "eks:index:Cluster").map((cluster) => ({ prefix: cluster.name.replace(/-cluster-eks$/, ""), region: cluster.region!, clusterName: cluster.inputs.name }));
}

function statementsOf(resource: SynthesizedResource, property = "policy"): PolicyStatement[] {
    return JSON.parse(resource.inputs[property]).Statement;
}

function trustSubjects(role: SynthesizedResource): string[] {
    return statementsOf(role, "assumeRolePolicy").flatMap((s) => Object.entries(s.Condition?.StringEquals ?? {}).filter(([k]) => k.endsWith(":sub")).flatMap(([, v]) => list(v)));
}

for (const stack of ["staging", "prod"] as const) {
    describe(`node autoscaling: Karpenter in ${stack}`, () => {
        let result: SynthesisResult;
        const config = validateConfig(stackConfig(stack));
        const karpenter = config.nodeAutoscaling.karpenter!;
        before(async () => {
            result = await synthesizeStack(stack);
        });

        it("is configured for Karpenter and installs it in every region, and no Cluster Autoscaler", () => {
            assert.strictEqual(config.nodeAutoscaling.mode, "karpenter");
            assert.deepStrictEqual(ofType(result, "platform:cluster:Karpenter").map((k) => k.region).sort(), config.regions.map((r) => r.name).sort());
            assert.deepStrictEqual(ofType(result, "platform:cluster:ClusterAutoscaler"), []);
        });

        it("controller: IRSA for kube-system/karpenter only, PassRole only on the node role, writes scoped to the cluster", () => {
            for (const { prefix, clusterName } of regionsOf(result)) {
                const role = single(result, ROLE, `${prefix}-karpenter-controller-role`);
                assert.deepStrictEqual(trustSubjects(role), [`system:serviceaccount:${karpenter.namespace}:karpenter`]);
                const nodeRole = single(result, ROLE, `${prefix}-karpenter-node-role`);
                const statements = statementsOf(single(result, ROLE_POLICY, `${prefix}-karpenter-controller-policy`));
                assert.deepStrictEqual(controllerPolicyProblems(statements, clusterName, nodeRole.outputs!.arn), []);
                assert.ok(statements.some((s) => list(s.Action).includes("iam:PassRole")));
                const ebsKey = single(result, "aws:kms/key:Key", `${prefix}-keys-ebs`);
                assert.deepStrictEqual(statements.find((s) => s.Sid === "EncryptNodeVolumes")?.Resource, ebsKey.outputs!.arn);
            }
        });

        it("nodes: role with worker, CNI, ECR pull-only and SSM policies, joined by an EC2_LINUX access entry", () => {
            for (const { prefix, clusterName } of regionsOf(result)) {
                const nodeRole = single(result, ROLE, `${prefix}-karpenter-node-role`);
                const attached = ofType(result, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                    .filter((a) => a.name.startsWith(`${prefix}-karpenter-node-policy-`))
                    .map((a) => a.inputs.policyArn)
                    .sort();
                assert.deepStrictEqual(attached, [...KARPENTER_NODE_POLICY_ARNS].sort());
                assert.ok(!attached.some((a) => a.endsWith("AmazonEC2ContainerRegistryReadOnly")));
                const entry = single(result, "aws:eks/accessEntry:AccessEntry", `${prefix}-karpenter-node-access`);
                assert.deepStrictEqual({ type: entry.inputs.type, principalArn: entry.inputs.principalArn, clusterName: entry.inputs.clusterName }, { type: "EC2_LINUX", principalArn: nodeRole.outputs!.arn, clusterName });
            }
        });

        it("interruption queue: encrypted with its own rotating key, TLS-only, fed by EventBridge for the Health and EC2 events", () => {
            for (const { prefix } of regionsOf(result)) {
                const key = single(result, "aws:kms/key:Key", `${prefix}-karpenter-queue-key`);
                assert.strictEqual(key.inputs.enableKeyRotation, true);
                assert.strictEqual(key.options.protect, config.protectStatefulResources);
                const queue = single(result, "aws:sqs/queue:Queue", `${prefix}-karpenter-queue`);
                assert.strictEqual(queue.inputs.kmsMasterKeyId, key.outputs!.arn);
                assert.strictEqual(queue.inputs.messageRetentionSeconds, 300);
                const dlq = single(result, "aws:sqs/queue:Queue", `${prefix}-karpenter-dlq`);
                assert.strictEqual(JSON.parse(queue.inputs.redrivePolicy).deadLetterTargetArn, dlq.outputs!.arn);
                assert.strictEqual(dlq.inputs.kmsMasterKeyId, key.outputs!.arn);

                const rules = ofType(result, "aws:cloudwatch/eventRule:EventRule").filter((r) => r.name.startsWith(`${prefix}-karpenter-`));
                const patterns = rules.map((r) => JSON.parse(r.inputs.eventPattern));
                assert.deepStrictEqual(patterns.flatMap((p) => p["detail-type"]).sort(), [...interruptionEventPatterns().health["detail-type"], ...interruptionEventPatterns().ec2["detail-type"]].sort());
                const targets = ofType(result, "aws:cloudwatch/eventTarget:EventTarget").filter((t) => t.name.startsWith(`${prefix}-karpenter-`));
                assert.deepStrictEqual(targets.map((t) => t.inputs.arn), [queue.outputs!.arn, queue.outputs!.arn]);
                assert.deepStrictEqual(targets.map((t) => t.inputs.rule).sort(), rules.map((r) => r.inputs.name).sort());

                const statements = statementsOf(single(result, "aws:sqs/queuePolicy:QueuePolicy", `${prefix}-karpenter-queue-policy`));
                assert.ok(statements.some((s) => s.Effect === "Deny" && s.Principal === "*" && s.Action === "sqs:*" && s.Condition?.Bool?.["aws:SecureTransport"] === "false"));
                const ruleArns = list(statements.find((s) => JSON.stringify(s.Principal).includes("events.amazonaws.com"))?.Condition?.ArnEquals?.["aws:SourceArn"]);
                assert.deepStrictEqual(ruleArns.map((a) => a.split("/").pop()).sort(), rules.map((r) => r.inputs.name).sort());
                const keyStatements = statementsOf(key);
                assert.deepStrictEqual(list(keyStatements.find((s) => JSON.stringify(s.Principal).includes("events.amazonaws.com"))?.Condition?.ArnEquals?.["aws:SourceArn"]), ruleArns);
            }
        });

        it("NodePool limits and EC2NodeClass from config; the EBS key, the private subnets and the cluster security group", () => {
            for (const { prefix, clusterName } of regionsOf(result)) {
                const pool = single(result, "kubernetes:karpenter.sh/v1:NodePool", `${prefix}-karpenter-node-pool`);
                assert.deepStrictEqual(pool.inputs.spec.limits, { cpu: karpenter.nodePool.cpuLimit, memory: karpenter.nodePool.memoryLimit });
                assert.strictEqual(pool.inputs.spec.disruption.consolidateAfter, karpenter.nodePool.consolidateAfter);
                const nodeClass = single(result, "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", `${prefix}-karpenter-node-class`);
                assert.strictEqual(pool.inputs.spec.template.spec.nodeClassRef.name, nodeClass.inputs.metadata.name);
                assert.deepStrictEqual(nodeClass.inputs.spec.amiSelectorTerms, [{ alias: karpenter.amiAlias }]);
                assert.strictEqual(nodeClass.inputs.spec.role, single(result, ROLE, `${prefix}-karpenter-node-role`).outputs!.name);
                assert.strictEqual(nodeClass.inputs.spec.blockDeviceMappings[0].ebs.kmsKeyID, single(result, "aws:kms/key:Key", `${prefix}-keys-ebs`).outputs!.arn);
                assert.strictEqual(nodeClass.inputs.spec.blockDeviceMappings[0].ebs.volumeSize, `${karpenter.nodePool.diskSizeGiB}Gi`);
                for (const schema of ["NodePool", "EC2NodeClass"] as const) {
                    const object = schema === "NodePool" ? pool : nodeClass;
                    assert.deepStrictEqual(structuralSchemaProblems({ spec: object.inputs.spec }, KARPENTER_CRDS[schema]), [], `${object.name} against the pinned CRD`);
                }

                const subnets = ofType(result, "aws:ec2/subnet:Subnet").filter((s) => s.name.startsWith(`${prefix}-network-`));
                const tagged = subnets.filter((s) => s.inputs.tags?.["karpenter.sh/discovery"] === clusterName).map((s) => s.inputs.tags.tier);
                assert.ok(tagged.length >= 2 && tagged.every((t) => t === "private"), `tagged: ${tagged}`);
                assert.strictEqual(tagged.length, subnets.filter((s) => s.inputs.tags.tier === "private").length);
                const sgTag = single(result, "aws:ec2/tag:Tag", `${prefix}-karpenter-sg-discovery-tag`);
                const eks = single(result, "eks:index:Cluster", `${prefix}-cluster-eks`);
                assert.deepStrictEqual(sgTag.inputs, { resourceId: eks.outputs!.eksCluster.vpcConfig.clusterSecurityGroupId, key: "karpenter.sh/discovery", value: clusterName });
            }
        });

        it("the policy pack's Karpenter rules pass the real objects and fire on a mutated copy of each", async () => {
            for (const { prefix } of regionsOf(result)) {
                const nodeClass = single(result, "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", `${prefix}-karpenter-node-class`);
                assert.deepStrictEqual(await violationsOf(k8sKarpenterEc2NodeClassHardened, resourceArgs(nodeClass.type, nodeClass.inputs)), []);
                const mutated = structuredClone(nodeClass.inputs);
                mutated.spec.metadataOptions.httpPutResponseHopLimit = 2;
                mutated.spec.blockDeviceMappings[0].ebs.encrypted = false;
                assert.strictEqual((await violationsOf(k8sKarpenterEc2NodeClassHardened, resourceArgs(nodeClass.type, mutated))).length, 2);
                const pool = single(result, "kubernetes:karpenter.sh/v1:NodePool", `${prefix}-karpenter-node-pool`);
                assert.deepStrictEqual(await violationsOf(k8sKarpenterNodePoolLimits, resourceArgs(pool.type, pool.inputs)), []);
                const unbounded = structuredClone(pool.inputs);
                delete unbounded.spec.limits;
                assert.strictEqual((await violationsOf(k8sKarpenterNodePoolLimits, resourceArgs(pool.type, unbounded))).length, 2);
            }
        });

        it("charts: pinned versions, values the chart has, the queue and the controller role wired in", () => {
            for (const { prefix, clusterName } of regionsOf(result)) {
                const crds = single(result, RELEASE, `${prefix}-karpenter-crd-release`);
                const release = single(result, RELEASE, `${prefix}-karpenter-release`);
                assert.deepStrictEqual([crds.inputs.chart, crds.inputs.version], ["oci://public.ecr.aws/karpenter/karpenter-crd", karpenter.chartVersion]);
                assert.deepStrictEqual([release.inputs.chart, release.inputs.version, release.inputs.skipCrds], ["oci://public.ecr.aws/karpenter/karpenter", karpenter.chartVersion, true]);
                assert.ok(release.options.dependsOn.includes(crds.urn));
                assert.deepStrictEqual(valuesKeyProblems(release.inputs.values, KARPENTER_VALUES), []);
                const values = release.inputs.values;
                assert.strictEqual(values.settings.clusterName, clusterName);
                assert.strictEqual(values.settings.interruptionQueue, single(result, "aws:sqs/queue:Queue", `${prefix}-karpenter-queue`).inputs.name);
                assert.strictEqual(values.serviceAccount.annotations["eks.amazonaws.com/role-arn"], single(result, ROLE, `${prefix}-karpenter-controller-role`).outputs!.arn);
                assert.strictEqual(values.replicas, karpenter.controllerReplicas);
            }
        });
    });
}

describe("node autoscaling: Cluster Autoscaler in dev", () => {
    let result: SynthesisResult;
    const config = validateConfig(stackConfig("dev"));
    before(async () => {
        result = await synthesizeStack("dev");
    });

    it("is configured for Cluster Autoscaler; no Karpenter, no discovery tags", () => {
        assert.strictEqual(config.nodeAutoscaling.mode, "clusterAutoscaler");
        assert.strictEqual(ofType(result, "platform:cluster:ClusterAutoscaler").length, config.regions.length);
        assert.deepStrictEqual(ofType(result, "platform:cluster:Karpenter"), []);
        assert.ok(ofType(result, "aws:ec2/subnet:Subnet").every((s) => s.inputs.tags?.["karpenter.sh/discovery"] === undefined));
    });

    it("discovers the node groups by their tags and scales them within their min/max", () => {
        for (const { prefix, clusterName } of regionsOf(result)) {
            const groups = ofType(result, "aws:eks/nodeGroup:NodeGroup").filter((g) => g.name.startsWith(`${prefix}-cluster-ng-`));
            assert.ok(groups.length > 0);
            for (const group of groups) {
                assert.deepStrictEqual(group.inputs.tags, { "k8s.io/cluster-autoscaler/enabled": "true", [`k8s.io/cluster-autoscaler/${clusterName}`]: "owned" });
                const configured = config.nodeGroups.find((g) => group.name.endsWith(`-ng-${g.name}`))!;
                assert.deepStrictEqual([group.inputs.scalingConfig.minSize, group.inputs.scalingConfig.maxSize], [configured.minSize, configured.maxSize]);
                assert.ok(group.options.ignoreChanges.includes("scalingConfig.desiredSize"), "pulumi up must not undo the autoscaler");
            }
            const release = single(result, RELEASE, `${prefix}-cluster-autoscaler-release`);
            const { extraArgs, ...values } = release.inputs.values;
            assert.deepStrictEqual(valuesKeyProblems(values, AUTOSCALER_VALUES), []);
            assert.deepStrictEqual(Object.keys(extraArgs).filter((flag) => !AUTOSCALER_FLAGS.has(flag)), [], "extraArgs that are not cluster-autoscaler flags");
            assert.ok(AUTOSCALER_FLAGS.has("expander") && !AUTOSCALER_FLAGS.has("expanders"));
            assert.strictEqual(release.inputs.version, "9.51.0");
            assert.strictEqual(release.inputs.values.autoDiscovery.clusterName, clusterName);
            assert.strictEqual(release.inputs.values.image.tag, `v${config.kubernetesVersion}.0`);
            const role = single(result, ROLE, `${prefix}-cluster-autoscaler-role`);
            assert.deepStrictEqual(trustSubjects(role), ["system:serviceaccount:kube-system:cluster-autoscaler"]);
            assert.strictEqual(release.inputs.values.rbac.serviceAccount.annotations["eks.amazonaws.com/role-arn"], role.outputs!.arn);
            const statements = statementsOf(single(result, ROLE_POLICY, `${prefix}-cluster-autoscaler-policy`));
            const write = statements.find((s) => list(s.Action).includes("autoscaling:SetDesiredCapacity"))!;
            assert.strictEqual(write.Condition?.StringEquals?.[`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`], "owned");
        }
    });
});
