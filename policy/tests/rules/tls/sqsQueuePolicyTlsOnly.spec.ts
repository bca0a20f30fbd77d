import * as aws from "@pulumi/aws";
import { strict as assert } from "assert";
import { sqsQueuePolicyTlsOnly as policy } from "../../../rules/tls/sqsQueuePolicyTlsOnly";
import { assertNoStackViolation, assertStackViolation, stackArgs, stackViolationsOf, testUrn, UNKNOWN } from "../../helpers";

const QUEUE_ARN = "arn:aws:sqs:eu-west-1:111122223333:jobs";
const denyInsecure = { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: QUEUE_ARN, Condition: { Bool: { "aws:SecureTransport": "false" } } };
const document = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

function queueWithPolicy(policyDocument: unknown) {
    return [
        { type: aws.sqs.Queue, name: "jobs", props: { name: "jobs" } },
        { type: aws.sqs.QueuePolicy, name: "jobs-policy", props: { queueUrl: UNKNOWN, policy: policyDocument }, propertyDependencies: { queueUrl: ["jobs"] } },
    ];
}

describe("sqs-queue-policy-tls-only", () => {
    it("passes a queue whose QueuePolicy denies requests without TLS", async () => {
        await assertNoStackViolation(policy, stackArgs(queueWithPolicy(document(denyInsecure))));
    });

    it("passes the deny written with { AWS: \"*\" }, action \"*\" and a boolean-like list, or as the queue's own policy", async () => {
        const variant = { ...denyInsecure, Principal: { AWS: "*" }, Action: ["*"], Condition: { Bool: { "aws:SecureTransport": ["false"] } } };
        await assertNoStackViolation(policy, stackArgs(queueWithPolicy(document(variant))));
        await assertNoStackViolation(policy, stackArgs([{ type: aws.sqs.Queue, name: "jobs", props: { name: "jobs", policy: document(denyInsecure) } }]));
    });

    it("fails a queue with no queue policy, on the queue", async () => {
        const args = stackArgs([{ type: aws.sqs.Queue, name: "jobs", props: { name: "jobs" } }]);
        await assertStackViolation(policy, args, /queue jobs has no queue policy denying requests without TLS \(found: none\)/);
        assert.deepEqual((await stackViolationsOf(policy, args)).map((v) => v.urn), [testUrn("aws:sqs/queue:Queue", "jobs")]);
    });

    it("fails a queue whose only QueuePolicy belongs to another queue", async () => {
        const args = stackArgs([...queueWithPolicy(document(denyInsecure)), { type: aws.sqs.Queue, name: "other", props: { name: "other" } }]);
        await assertStackViolation(policy, args, /queue other has no queue policy/);
    });

    it("fails a policy without the SecureTransport deny (an Allow, a partial action, a true condition, a named principal)", async () => {
        for (const statement of [
            { ...denyInsecure, Effect: "Allow" },
            { ...denyInsecure, Action: "sqs:SendMessage" },
            { ...denyInsecure, Condition: { Bool: { "aws:SecureTransport": "true" } } },
            { ...denyInsecure, Principal: { AWS: "arn:aws:iam::111122223333:root" } },
            { ...denyInsecure, Condition: undefined },
        ]) {
            await assertStackViolation(policy, stackArgs(queueWithPolicy(document(statement))), /policy must Deny sqs:\* to Principal "\*" when Bool aws:SecureTransport is "false" \(found: no such statement\)/);
        }
    });

    it("fails a queue's own policy without the deny", async () => {
        await assertStackViolation(policy, stackArgs([{ type: aws.sqs.Queue, name: "jobs", props: { name: "jobs", policy: document({ ...denyInsecure, Effect: "Allow" }) } }]), /policy must Deny sqs:\*/);
    });

    it("fails a policy that is not JSON", async () => {
        await assertStackViolation(policy, stackArgs(queueWithPolicy("{")), /policy must be a valid JSON queue policy/);
    });

    it("does not mistake an unknown policy for an unparseable one", async () => {
        await assert.rejects(stackViolationsOf(policy, stackArgs(queueWithPolicy(UNKNOWN))), /can't be known during preview/);
    });

    it("passes the TLS deny beside the statements that grant access", async () => {
        const allow = { Sid: "AllowWorker", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/worker" }, Action: "sqs:ReceiveMessage", Resource: QUEUE_ARN };
        await assertNoStackViolation(policy, stackArgs(queueWithPolicy(document(allow, denyInsecure, null))));
    });

    it("judges queues only: another resource's policy is not a queue's", async () => {
        await assertNoStackViolation(policy, stackArgs([{ type: aws.sns.Topic, name: "jobs", props: { name: "jobs" } }]));
    });
});
