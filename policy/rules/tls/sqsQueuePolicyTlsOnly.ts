import { PolicyResource } from "@pulumi/policy";
import { asList, isWildcardPrincipal, parsePolicyDocument, statementsOf } from "../../lib/iam";
import { companionsOf } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { SQS_QUEUE, SQS_QUEUE_POLICY } from "../../lib/sqs";
import { isSet } from "../../lib/validate";

/** A Deny of every SQS action to everyone when the request is not over TLS. */
function deniesInsecureTransport(statement: any): boolean {
    const actions = asList(statement?.Action);
    return (
        statement?.Effect === "Deny" &&
        isWildcardPrincipal(statement.Principal) &&
        (actions.includes("sqs:*") || actions.includes("*")) &&
        asList(statement?.Condition?.Bool?.["aws:SecureTransport"]).map(String).includes("false")
    );
}

function policyProblems(policy: unknown): string[] {
    let statements: any[];
    try {
        statements = statementsOf(parsePolicyDocument(policy));
    } catch {
        return ["policy must be a valid JSON queue policy (found: a document that does not parse)"];
    }
    return statements.some(deniesInsecureTransport) ? [] : ['policy must Deny sqs:* to Principal "*" when Bool aws:SecureTransport is "false" (found: no such statement)'];
}

/**
 * SQS accepts plain HTTP unless the queue policy refuses it, so every queue needs a policy (an
 * aws.sqs.QueuePolicy joined through `queueUrl`, or the queue's own `policy`) denying it.
 */
export const sqsQueuePolicyTlsOnly: PlatformStackPolicy = {
    name: "sqs-queue-policy-tls-only",
    description: "Every SQS queue must have a queue policy (aws.sqs.QueuePolicy or its own policy) that denies sqs:* to everyone when aws:SecureTransport is false.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "tls",
    anchors: [],
    remediationSteps:
        'Attach an aws.sqs.QueuePolicy (queueUrl: queue.url) with a statement { Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: <queue ARN>, Condition: { Bool: { "aws:SecureTransport": "false" } } }.',
    validateStack: (args, reportViolation) => {
        const queuePolicies = args.resources.filter((r) => r.type === SQS_QUEUE_POLICY);
        for (const queue of args.resources.filter((r) => r.type === SQS_QUEUE)) {
            const own: PolicyResource[] = companionsOf(queue, queuePolicies, [SQS_QUEUE_POLICY], "queueUrl", "url");
            if (own.length === 0 && !isSet(queue.props, "policy")) {
                reportViolation(`queue ${queue.name} has no queue policy denying requests without TLS (found: none)`, queue.urn);
            }
            if (isSet(queue.props, "policy")) {
                // Read the value here: an unknown policy must surface as UnknownValueError, not as a parse failure.
                policyProblems(queue.props.policy).forEach((p) => reportViolation(p, queue.urn));
            }
        }
        for (const queuePolicy of queuePolicies) {
            const policy = queuePolicy.props.policy;
            policyProblems(policy).forEach((p) => reportViolation(p, queuePolicy.urn));
        }
    },
};
