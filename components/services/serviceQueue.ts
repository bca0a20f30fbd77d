/**
 * A service's work queue in one region: an SQS queue and its dead-letter queue, both SSE-KMS under the
 * region's data key, both refusing requests without TLS, the queue redriving to the DLQ after
 * `maxReceiveCount` receives and the DLQ accepting redrives from that queue only. The documents and IAM
 * statements are pure functions below, unit-tested without mocks; the service's role gets the statements
 * from components/secrets/serviceAccess.ts.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ServiceQueueConfig } from "../../config";
import { policyDocument, PolicyDocument, PolicyStatement } from "../../lib/iam";
import { physicalName } from "../../lib/naming";
import { resourceTags } from "../../lib/tags";

/** SQS queue names: at most 80 letters, digits, hyphens and underscores. */
export const MAX_QUEUE_NAME_LENGTH = 80;

/**
 * What a service's role may do on its own queue: exactly produce, consume and delete. Nothing administrative;
 * the URL comes from its ConfigMap (no GetQueueUrl), and the queue's depth is read by KEDA's own role.
 */
export const QUEUE_ACTIONS = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"] as const;
/**
 * On its dead-letter queue only its depth: the service can report dead letters, but reading them (they may
 * hold customer data) and moving them back (StartMessageMoveTask) are operators' actions.
 */
export const DEAD_LETTER_QUEUE_ACTIONS = ["sqs:GetQueueAttributes"] as const;

/** Physical names of a service's queue and DLQ in a region: `platform-prod-use1-document`, `...-document-dlq`. */
export function queueNames(prefix: string, service: string): { queue: string; deadLetterQueue: string } {
    const queue = physicalName(["platform", prefix, service], MAX_QUEUE_NAME_LENGTH - "-dlq".length);
    return { queue, deadLetterQueue: `${queue}-dlq` };
}

/** The source queue's redrive policy (maxReceiveCount must be a number, not a string, for SQS). */
export function redrivePolicy(deadLetterQueueArn: string, maxReceiveCount: number): string {
    return JSON.stringify({ deadLetterTargetArn: deadLetterQueueArn, maxReceiveCount });
}

/** The DLQ's redrive-allow policy: only the one source queue may use it as its dead-letter queue. */
export function redriveAllowPolicy(sourceQueueArn: string): string {
    return JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [sourceQueueArn] });
}

/**
 * A queue policy that only denies: every request without TLS, from anyone. Access itself is granted by the
 * service role's identity policy (same account), so the policy grants nothing.
 */
export function tlsOnlyQueuePolicy(queueArn: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "sqs:*",
            Resource: queueArn,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    ]);
}

/**
 * The service role's statements for its queue: the queue actions on its own queue, the DLQ's depth, and the
 * data key for SQS's envelope encryption (GenerateDataKey to send, Decrypt to receive), only through SQS.
 */
export function queueAccessStatements(args: { queueArn: string; deadLetterQueueArn: string; dataKeyArn: string; region: string }): PolicyStatement[] {
    return [
        { Sid: "OwnQueue", Effect: "Allow", Action: [...QUEUE_ACTIONS], Resource: args.queueArn },
        { Sid: "OwnDeadLetterQueueDepth", Effect: "Allow", Action: [...DEAD_LETTER_QUEUE_ACTIONS], Resource: args.deadLetterQueueArn },
        {
            Sid: "OwnQueueEncryption",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: args.dataKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `sqs.${args.region}.amazonaws.com` } },
        },
    ];
}

/** The queue settings a service's ConfigMap carries. */
export function queueEnvironment(urls: { queueUrl: string; deadLetterQueueUrl: string }): Record<string, string> {
    return { QUEUE_URL: urls.queueUrl, DEAD_LETTER_QUEUE_URL: urls.deadLetterQueueUrl };
}

export interface ServiceQueueArgs {
    service: string;
    /** The region's prefix (`prod-use1`), for the queues' physical names. */
    prefix: string;
    settings: ServiceQueueConfig;
    /** The region's data key. */
    dataKeyArn: pulumi.Input<string>;
    /** Protect both queues (pulumi protect): deleting one loses the messages in it. */
    protect: boolean;
}

/** What a service's role and ConfigMap need of its queue. */
export interface ServiceQueueOutputs {
    arn: pulumi.Output<string>;
    url: pulumi.Output<string>;
    deadLetterArn: pulumi.Output<string>;
    deadLetterUrl: pulumi.Output<string>;
}

export class ServiceQueue extends pulumi.ComponentResource implements ServiceQueueOutputs {
    readonly arn: pulumi.Output<string>;
    readonly url: pulumi.Output<string>;
    readonly deadLetterArn: pulumi.Output<string>;
    readonly deadLetterUrl: pulumi.Output<string>;

    /** opts.provider: the region's AWS provider. */
    constructor(name: string, args: ServiceQueueArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:services:ServiceQueue", name, {}, opts);
        const parent = { parent: this };
        const stateful = { parent: this, protect: args.protect };
        const names = queueNames(args.prefix, args.service);
        // Messages are customer work items (documents, verifications, notifications): treated as confidential.
        const tags = resourceTags(args.service, "confidential");
        const encryption = { kmsMasterKeyId: args.dataKeyArn, kmsDataKeyReusePeriodSeconds: args.settings.kmsDataKeyReusePeriodSeconds };

        const deadLetter = new aws.sqs.Queue(
            `${name}-dlq`,
            { name: names.deadLetterQueue, ...encryption, messageRetentionSeconds: args.settings.deadLetterRetentionSeconds, tags },
            stateful,
        );
        const queue = new aws.sqs.Queue(
            `${name}-queue`,
            {
                name: names.queue,
                ...encryption,
                visibilityTimeoutSeconds: args.settings.visibilityTimeoutSeconds,
                messageRetentionSeconds: args.settings.messageRetentionSeconds,
                redrivePolicy: deadLetter.arn.apply((arn) => redrivePolicy(arn, args.settings.maxReceiveCount)),
                tags,
            },
            stateful,
        );
        // A separate resource: inline on the DLQ it would need the source's ARN, and the source needs the DLQ's.
        new aws.sqs.RedriveAllowPolicy(`${name}-dlq-redrive-allow`, { queueUrl: deadLetter.url, redriveAllowPolicy: queue.arn.apply(redriveAllowPolicy) }, parent);
        for (const [suffix, target] of [
            ["queue", queue],
            ["dlq", deadLetter],
        ] as const) {
            new aws.sqs.QueuePolicy(`${name}-${suffix}-policy`, { queueUrl: target.url, policy: target.arn.apply((arn) => JSON.stringify(tlsOnlyQueuePolicy(arn))) }, parent);
        }

        this.arn = queue.arn;
        this.url = queue.url;
        this.deadLetterArn = deadLetter.arn;
        this.deadLetterUrl = deadLetter.url;
        this.registerOutputs({ arn: this.arn, url: this.url, deadLetterArn: this.deadLetterArn, deadLetterUrl: this.deadLetterUrl });
    }
}
