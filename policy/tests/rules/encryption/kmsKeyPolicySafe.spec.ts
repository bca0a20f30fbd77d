import * as aws from "@pulumi/aws";
import { kmsKeyPolicySafe as policy } from "../../../rules/encryption/kmsKeyPolicySafe";
import { compliantKmsKey } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

function withStatements(...Statement: any[]) {
    return { ...compliantKmsKey(), policy: JSON.stringify({ Version: "2012-10-17", Statement }) };
}

const root = { Sid: "Root", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" };

describe("kms-key-policy-safe", () => {
    it("passes named principals and a conditioned wildcard", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.kms.Key, compliantKmsKey()));
    });

    it("passes the default key policy (policy left unset)", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.kms.Key, { ...compliantKmsKey(), policy: undefined }));
        await assertNoResourceViolation(policy, resourceArgs(aws.kms.Key, { ...compliantKmsKey(), policy: null }));
        await assertNoResourceViolation(policy, resourceArgs(aws.kms.Key, { ...compliantKmsKey(), policy: "" }));
    });

    it("passes a wildcard Deny", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.kms.Key, withStatements(root, { Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*" })));
    });

    it("fails Allow Principal \"*\" without a Condition", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.kms.Key, withStatements(root, { Sid: "Everyone", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" })),
            /policy statement "Everyone" must not Allow Principal "\*" without a Condition \(found: Principal "\*" with no Condition\)/,
        );
    });

    it("fails Allow Principal {AWS: \"*\"} with an empty Condition", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.kms.Key, withStatements({ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:*", Resource: "*", Condition: {} })),
            /policy statement #0 must not Allow Principal "\*" without a Condition/,
        );
    });

    it("fails a wildcard inside a principal list, in a single-statement document", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.kms.Key, { ...compliantKmsKey(), policy: JSON.stringify({ Statement: { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::1:root", "*"] }, Action: "kms:*" } }) }),
            /must not Allow Principal "\*" without a Condition/,
        );
    });

    it("fails a policy that is not JSON", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.kms.Key, { ...compliantKmsKey(), policy: "{not json" }), /policy must be a valid JSON key policy/);
    });

    it("fails bypassPolicyLockoutSafetyCheck true", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.kms.Key, { ...compliantKmsKey(), bypassPolicyLockoutSafetyCheck: true }),
            /bypassPolicyLockoutSafetyCheck must be false or unset \(found: true\)/,
        );
    });
});
