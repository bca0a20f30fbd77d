/**
 * stack-sqs-queue-dead-letter: a queue without a redrive policy retries a message it cannot process until
 * the message expires, and then loses it; with one, the message moves to a dead-letter queue after
 * maxReceiveCount receives. A queue that is itself another queue's dead-letter target is exempt (a DLQ
 * redriving to a further DLQ only moves the problem). The redrive policy may be the queue's own
 * `redrivePolicy` or an aws.sqs.RedrivePolicy joined through `queueUrl`.
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { companionsOf } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { isDeadLetterTarget, knownValue, parsedRedrivePolicy, SQS_QUEUE, SQS_REDRIVE_POLICY } from "../../lib/sqs";
import { found, isSet } from "../../lib/validate";
import { describeResource } from "./lib/describe";

/** SQS's bounds on maxReceiveCount. */
const MAX_RECEIVE_COUNT = { min: 1, max: 1000 };

/** What is wrong with a known redrive policy value; nothing when it is unknown during preview. */
function redriveProblems(value: unknown): string[] {
    if (value === undefined) {
        return [];
    }
    const policy = parsedRedrivePolicy(value);
    if (!policy) {
        return [`redrivePolicy must be a JSON object with deadLetterTargetArn and maxReceiveCount (found: ${found(value)})`];
    }
    const problems: string[] = [];
    const target = policy.deadLetterTargetArn;
    if (typeof target !== "string" || target === "") {
        problems.push(`redrivePolicy.deadLetterTargetArn must name the dead-letter queue (found: ${found(target)})`);
    }
    const count = policy.maxReceiveCount;
    if (typeof count !== "number" || !Number.isInteger(count) || count < MAX_RECEIVE_COUNT.min || count > MAX_RECEIVE_COUNT.max) {
        problems.push(`redrivePolicy.maxReceiveCount must be an integer ${MAX_RECEIVE_COUNT.min}-${MAX_RECEIVE_COUNT.max}, a number not a string (found: ${found(count)})`);
    }
    return problems;
}

const validateStack: StackValidationPolicy["validateStack"] = (args, reportViolation) => {
    const redrivePolicies = args.resources.filter((r) => r.type === SQS_REDRIVE_POLICY);
    for (const queue of args.resources.filter((r) => r.type === SQS_QUEUE)) {
        const companions: PolicyResource[] = companionsOf(queue, redrivePolicies, [SQS_REDRIVE_POLICY], "queueUrl", "url");
        if (isSet(queue.props, "redrivePolicy")) {
            redriveProblems(knownValue(queue.props, "redrivePolicy")).forEach((p) => reportViolation(p, queue.urn));
        } else if (companions.length === 0 && !isDeadLetterTarget(queue, args.resources)) {
            reportViolation(`${describeResource(queue)} must have a redrive policy to a dead-letter queue (redrivePolicy or an aws.sqs.RedrivePolicy), or be another queue's dead-letter target (found: none)`, queue.urn);
        }
        for (const companion of companions) {
            redriveProblems(knownValue(companion.props, "redrivePolicy")).forEach((p) => reportViolation(p, companion.urn));
        }
    }
};

export const stackSqsQueueDeadLetter: PlatformStackPolicy = {
    name: "stack-sqs-queue-dead-letter",
    description:
        "Every SQS queue must have a redrive policy (its redrivePolicy or an aws.sqs.RedrivePolicy) naming a dead-letter queue with maxReceiveCount 1-1000, unless it is itself another queue's dead-letter target.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "data-loss",
    anchors: [],
    remediationSteps:
        "Create a dead-letter queue (aws.sqs.Queue) and set `redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 })` on the queue (from an Output: `dlq.arn.apply(...)`), e.g. through the platform's ServiceQueue component.",
    validateStack,
};
