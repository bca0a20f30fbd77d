import { k8sKarpenterEc2NodeClassHardened, KARPENTER_EC2_NODE_CLASS } from "../../../rules/kubernetes/k8sKarpenterEc2NodeClassHardened";
import { UNKNOWN_STRING } from "../../../lib/unknowns";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, violationsOf } from "../../helpers";
import * as assert from "assert";

const KEY = "arn:aws:kms:us-east-1:111122223333:key/ebs";
const spec = () => ({
    role: "node-role",
    amiSelectorTerms: [{ alias: "al2023@v20250704" }],
    subnetSelectorTerms: [{ tags: { "karpenter.sh/discovery": "c" } }],
    securityGroupSelectorTerms: [{ tags: { "karpenter.sh/discovery": "c" } }],
    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: "50Gi", volumeType: "gp3", encrypted: true, kmsKeyID: KEY } }],
});
const nodeClass = (mutate: (s: Record<string, any>) => void = () => undefined) => {
    const s: Record<string, any> = spec();
    mutate(s);
    return resourceArgs(KARPENTER_EC2_NODE_CLASS, { apiVersion: "karpenter.k8s.aws/v1", kind: "EC2NodeClass", metadata: { name: "default" }, spec: s });
};

describe("k8s-karpenter-ec2nodeclass-hardened", () => {
    it("passes IMDSv2 hop 1, a CMK-encrypted root volume and a pinned alias", async () => {
        await assertNoResourceViolation(k8sKarpenterEc2NodeClassHardened, nodeClass());
    });

    it("passes a key ARN not known until deployment", async () => {
        await assertNoResourceViolation(k8sKarpenterEc2NodeClassHardened, nodeClass((s) => (s.blockDeviceMappings[0].ebs.kmsKeyID = UNKNOWN_STRING)));
    });

    it("fails IMDSv1 allowed", async () => {
        await assertResourceViolation(k8sKarpenterEc2NodeClassHardened, nodeClass((s) => (s.metadataOptions.httpTokens = "optional")), /^spec\.metadataOptions\.httpTokens must be "required" \(found: "optional"\)$/);
    });

    it("fails a hop limit of 2 (pods would reach the node role)", async () => {
        await assertResourceViolation(k8sKarpenterEc2NodeClassHardened, nodeClass((s) => (s.metadataOptions.httpPutResponseHopLimit = 2)), /^spec\.metadataOptions\.httpPutResponseHopLimit must be 1 \(found: 2\)$/);
    });

    it("fails metadataOptions unset (both named)", async () => {
        const violations = await violationsOf(k8sKarpenterEc2NodeClassHardened, nodeClass((s) => delete s.metadataOptions));
        assert.deepStrictEqual(violations, [
            'spec.metadataOptions.httpTokens must be "required" (found: undefined)',
            "spec.metadataOptions.httpPutResponseHopLimit must be 1 (found: undefined)",
        ]);
    });

    it("fails an unencrypted volume and one encrypted with the default key", async () => {
        await assertResourceViolation(k8sKarpenterEc2NodeClassHardened, nodeClass((s) => (s.blockDeviceMappings[0].ebs.encrypted = false)), /^spec\.blockDeviceMappings\[0\]\.ebs\.encrypted must be true \(found: false\)$/);
        await assertResourceViolation(k8sKarpenterEc2NodeClassHardened, nodeClass((s) => delete s.blockDeviceMappings[0].ebs.encrypted), /ebs\.encrypted must be true \(found: undefined\)$/);
        await assertResourceViolation(k8sKarpenterEc2NodeClassHardened, nodeClass((s) => delete s.blockDeviceMappings[0].ebs.kmsKeyID), /^spec\.blockDeviceMappings\[0\]\.ebs\.kmsKeyID must be a customer-managed KMS key \(found: undefined\)$/);
        await assertResourceViolation(k8sKarpenterEc2NodeClassHardened, nodeClass((s) => (s.blockDeviceMappings[0].ebs.kmsKeyID = "")), /ebs\.kmsKeyID must be a customer-managed KMS key/);
    });

    it("checks every block device, not only the first", async () => {
        await assertResourceViolation(
            k8sKarpenterEc2NodeClassHardened,
            nodeClass((s) => s.blockDeviceMappings.push({ deviceName: "/dev/xvdb", ebs: { volumeSize: "100Gi", encrypted: false, kmsKeyID: KEY } })),
            /^spec\.blockDeviceMappings\[1\]\.ebs\.encrypted must be true/,
        );
    });

    it("fails blockDeviceMappings unset or empty (Karpenter's default volume uses the default EBS key)", async () => {
        await assertResourceViolation(k8sKarpenterEc2NodeClassHardened, nodeClass((s) => delete s.blockDeviceMappings), /^spec\.blockDeviceMappings must list the root volume.*\(found: undefined\)$/);
        await assertResourceViolation(k8sKarpenterEc2NodeClassHardened, nodeClass((s) => (s.blockDeviceMappings = [])), /\(found: \[\]\)$/);
    });

    it("fails an @latest alias; pinned aliases and other selector terms pass", async () => {
        await assertResourceViolation(k8sKarpenterEc2NodeClassHardened, nodeClass((s) => (s.amiSelectorTerms = [{ alias: "al2023@latest" }])), /^spec\.amiSelectorTerms\[0\]\.alias must be pinned/);
        await assertNoResourceViolation(k8sKarpenterEc2NodeClassHardened, nodeClass((s) => (s.amiSelectorTerms = [{ id: "ami-0123456789abcdef0" }])));
    });

    it("ignores other resources", async () => {
        await assertNoResourceViolation(k8sKarpenterEc2NodeClassHardened, resourceArgs("kubernetes:karpenter.sh/v1:NodePool", { spec: {} }));
    });

    it("applies to Karpenter v1's EC2NodeClass token", async () => {
        assert.strictEqual(KARPENTER_EC2_NODE_CLASS, "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass");
    });

    it("fails an empty block device entry instead of crashing, and ignores an empty AMI selector term", async () => {
        assert.deepStrictEqual(await violationsOf(k8sKarpenterEc2NodeClassHardened, nodeClass((s) => (s.blockDeviceMappings = [null]))), [
            "spec.blockDeviceMappings[0].ebs.encrypted must be true (found: undefined)",
            "spec.blockDeviceMappings[0].ebs.kmsKeyID must be a customer-managed KMS key (found: undefined)",
        ]);
        await assertNoResourceViolation(k8sKarpenterEc2NodeClassHardened, nodeClass((s) => s.amiSelectorTerms.push(null)));
    });
});
