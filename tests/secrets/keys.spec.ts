/**
 * The EBS key names the Auto Scaling service-linked role, which a fresh account does not have and which KMS
 * requires to exist: the stack creates it once per account (config-controlled) and every region's EBS key
 * waits for it.
 */
import * as assert from "assert";
import { ofType, synthesizeStack } from "../support/synthesis";

const SLR = "aws:iam/serviceLinkedRole:ServiceLinkedRole";

function ebsKeys(result: Awaited<ReturnType<typeof synthesizeStack>>) {
    return ofType(result, "aws:kms/key:Key").filter((k) => k.name.endsWith("-keys-ebs"));
}

function autoScalingPrincipals(policy: string): string[] {
    return JSON.parse(policy)
        .Statement.filter((s: any) => String(s.Sid).startsWith("AutoScaling"))
        .map((s: any) => s.Principal.AWS);
}

describe("keys: the Auto Scaling service-linked role behind the EBS key", () => {
    it("prod creates the role once for the account, kept on delete, and both regions' EBS keys wait for it", async () => {
        const result = await synthesizeStack("prod");
        const roles = ofType(result, SLR);
        assert.strictEqual(roles.length, 1, "one per account, whatever the number of regions");
        const [role] = roles;
        assert.strictEqual(role.inputs.awsServiceName, "autoscaling.amazonaws.com");
        assert.strictEqual(role.options.retainOnDelete, true, "other Auto Scaling groups of the account use it");
        const keys = ebsKeys(result);
        assert.deepStrictEqual(keys.map((k) => k.region).sort(), ["us-east-1", "us-west-2"]);
        for (const key of keys) {
            assert.ok(key.options.dependsOn.includes(role.urn), `${key.name} is created after the role`);
            // The principal the policy names is the role IAM creates (ARN as the mocked IAM answers it).
            const principals = autoScalingPrincipals(key.inputs.policy);
            assert.strictEqual(principals.length, 2);
            assert.ok(principals.every((p) => p === role.outputs?.arn), `${principals} vs ${role.outputs?.arn}`);
        }
    });

    for (const stack of ["dev", "staging"]) {
        it(`${stack} creates it too (default: an account of its own)`, async () => {
            const result = await synthesizeStack(stack);
            const [role] = ofType(result, SLR);
            assert.ok(role);
            assert.ok(ebsKeys(result).every((k) => k.options.dependsOn.includes(role.urn)));
        });
    }

    it("with createAutoScalingServiceLinkedRole false (the role exists outside the stack) nothing is created", async () => {
        const result = await synthesizeStack("staging", { createAutoScalingServiceLinkedRole: false });
        assert.strictEqual(ofType(result, SLR).length, 0);
        const [key] = ebsKeys(result);
        assert.match(autoScalingPrincipals(key.inputs.policy)[0], /:role\/aws-service-role\/autoscaling\.amazonaws\.com\/AWSServiceRoleForAutoScaling$/);
    });
});
