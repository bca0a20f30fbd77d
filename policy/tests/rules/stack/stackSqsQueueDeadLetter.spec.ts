import * as aws from "@pulumi/aws";
import { strict as assert } from "assert";
import { stackSqsQueueDeadLetter as policy } from "../../../rules/stack/stackSqsQueueDeadLetter";
import { assertNoStackViolation, assertStackViolation, stackArgs, stackViolationsOf, testUrn, UNKNOWN } from "../../helpers";

const DLQ_ARN = "arn:aws:sqs:eu-west-1:111122223333:jobs-dlq";
const redrive = (policy: Record<string, unknown>) => JSON.stringify(policy);

/** A source queue whose redrivePolicy came from the DLQ's ARN (the recorded dependency), and the DLQ. */
function queueAndDlq(redrivePolicy: unknown) {
    return [
        { type: aws.sqs.Queue, name: "jobs-dlq", props: { name: "jobs-dlq" } },
        { type: aws.sqs.Queue, name: "jobs", props: { name: "jobs", redrivePolicy }, propertyDependencies: { redrivePolicy: ["jobs-dlq"] } },
    ];
}

describe("stack-sqs-queue-dead-letter", () => {
    it("passes a queue redriving to its DLQ, and exempts the DLQ", async () => {
        await assertNoStackViolation(policy, stackArgs(queueAndDlq(redrive({ deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 5 }))));
    });

    it("passes a redrive policy not known during preview (the DLQ's ARN is computed)", async () => {
        await assertNoStackViolation(policy, stackArgs(queueAndDlq(UNKNOWN)));
    });

    it("recognises a DLQ named by a literal ARN, and a redrive policy given as an aws.sqs.RedrivePolicy", async () => {
        await assertNoStackViolation(
            policy,
            stackArgs([
                { type: aws.sqs.Queue, name: "jobs-dlq", props: { name: "jobs-dlq" } },
                { type: aws.sqs.Queue, name: "jobs", props: { name: "jobs" } },
                { type: aws.sqs.RedrivePolicy, name: "jobs-redrive", props: { queueUrl: UNKNOWN, redrivePolicy: redrive({ deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 3 }) }, propertyDependencies: { queueUrl: ["jobs"] } },
            ]),
        );
    });

    it("fails a queue without a redrive policy that is no queue's DLQ, on the queue", async () => {
        const args = stackArgs([{ type: aws.sqs.Queue, name: "jobs", props: { name: "jobs" } }]);
        await assertStackViolation(policy, args, /aws:sqs\/queue:Queue "jobs" must have a redrive policy to a dead-letter queue .* \(found: none\)/);
        assert.deepEqual((await stackViolationsOf(policy, args)).map((v) => v.urn), [testUrn("aws:sqs/queue:Queue", "jobs")]);
    });

    it("fails a queue whose DLQ-looking neighbour is not its target (only a redrive policy makes a DLQ)", async () => {
        const args = stackArgs([
            { type: aws.sqs.Queue, name: "jobs-dlq", props: { name: "jobs-dlq" } },
            { type: aws.sqs.Queue, name: "jobs", props: { name: "jobs" } },
        ]);
        const violations = await stackViolationsOf(policy, args);
        assert.deepEqual(violations.map((v) => v.urn).sort(), [testUrn("aws:sqs/queue:Queue", "jobs"), testUrn("aws:sqs/queue:Queue", "jobs-dlq")].sort());
    });

    it("fails a redrive policy without a target", async () => {
        await assertStackViolation(policy, stackArgs(queueAndDlq(redrive({ maxReceiveCount: 5 }))), /redrivePolicy\.deadLetterTargetArn must name the dead-letter queue \(found: undefined\)/);
    });

    it("fails maxReceiveCount unset, a string, or outside 1-1000", async () => {
        for (const maxReceiveCount of [undefined, "5", 0, 1001]) {
            await assertStackViolation(policy, stackArgs(queueAndDlq(redrive({ deadLetterTargetArn: DLQ_ARN, maxReceiveCount }))), /redrivePolicy\.maxReceiveCount must be an integer 1-1000/);
        }
    });

    it("fails a redrive policy that is not a JSON object", async () => {
        await assertStackViolation(policy, stackArgs(queueAndDlq("{")), /redrivePolicy must be a JSON object/);
    });
    it("passes maxReceiveCount at both SQS bounds, 1 and 1000; fails a fraction", async () => {
        for (const maxReceiveCount of [1, 1000]) {
            await assertNoStackViolation(policy, stackArgs(queueAndDlq(redrive({ deadLetterTargetArn: DLQ_ARN, maxReceiveCount }))));
        }
        await assertStackViolation(policy, stackArgs(queueAndDlq(redrive({ deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 2.5 }))), /maxReceiveCount must be an integer 1-1000, a number not a string \(found: 2\.5\)$/);
    });

    it("fails an empty or non-string target, and reports target and count problems separately", async () => {
        await assertStackViolation(policy, stackArgs(queueAndDlq(redrive({ deadLetterTargetArn: "", maxReceiveCount: 5 }))), /deadLetterTargetArn must name the dead-letter queue/);
        await assertStackViolation(policy, stackArgs(queueAndDlq(redrive({ deadLetterTargetArn: 42, maxReceiveCount: 5 }))), /deadLetterTargetArn must name the dead-letter queue \(found: 42\)/);
        const violations = await stackViolationsOf(policy, stackArgs(queueAndDlq(redrive({ deadLetterTargetArn: "", maxReceiveCount: 0 }))));
        assert.equal(violations.length, 2, JSON.stringify(violations));
        assert.deepEqual(violations.map((v) => v.urn), [testUrn("aws:sqs/queue:Queue", "jobs"), testUrn("aws:sqs/queue:Queue", "jobs")]);
    });

    it("checks an aws.sqs.RedrivePolicy's value and reports it on the RedrivePolicy, not the queue", async () => {
        const args = stackArgs([
            { type: aws.sqs.Queue, name: "jobs", props: { name: "jobs" } },
            { type: aws.sqs.RedrivePolicy, name: "jobs-redrive", props: { queueUrl: UNKNOWN, redrivePolicy: redrive({ deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 0 }) }, propertyDependencies: { queueUrl: ["jobs"] } },
        ]);
        const violations = await stackViolationsOf(policy, args);
        assert.deepEqual(violations.map((v) => v.urn), [testUrn("aws:sqs/redrivePolicy:RedrivePolicy", "jobs-redrive")]);
        assert.match(violations[0].message, /maxReceiveCount must be an integer 1-1000/);
    });

    it("a RedrivePolicy whose value is not known during preview still counts as the queue's redrive policy", async () => {
        await assertNoStackViolation(
            policy,
            stackArgs([
                { type: aws.sqs.Queue, name: "jobs", props: { name: "jobs" } },
                { type: aws.sqs.RedrivePolicy, name: "jobs-redrive", props: { queueUrl: UNKNOWN, redrivePolicy: UNKNOWN }, propertyDependencies: { queueUrl: ["jobs"] } },
            ]),
        );
    });
});
