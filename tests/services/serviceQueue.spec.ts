/**
 * Service queues: the pure documents (redrive, redrive-allow, TLS-only policy, the role's statements) judged
 * by what they allow, the queue settings' validation, and, synthesized, per region a queue and DLQ for
 * exactly the services configured with one, under that region's data key, reachable by the service's own
 * role and by no other (proven with the IAM evaluator on the synthesized role policies).
 */
import * as assert from "assert";
import {
    queueAccessStatements,
    queueEnvironment,
    queueNames,
    redriveAllowPolicy,
    redrivePolicy,
    tlsOnlyQueuePolicy,
    MAX_QUEUE_NAME_LENGTH,
} from "../../components/services/serviceQueue";
import { validateConfig } from "../../config";
import { keyPolicy } from "../../lib/iam";
import { runPolicyGate } from "../../offline/policyGate";
import { revealSecrets } from "../../offline/secrets";
import { PROJECT_ROOT } from "../../offline/synthesize";
import { SynthesisResult } from "../../offline/types";
import { sourceOf } from "../datastores/support";
import { assertConfigProblem, stackConfig } from "../support/config";
import { documentsAllow, rolePermissions } from "../support/iamAccess";
import { ofType, single, STACKS, synthesizeStacks } from "../support/synthesis";

/** The services a stack configures (the set is data). */
const servicesOf = (stack: string): string[] => Object.keys(validateConfig(stackConfig(stack)).services);

const QUEUE = "aws:sqs/queue:Queue";
const QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy";
const REDRIVE_ALLOW = "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy";
const COMPONENT = "platform:services:ServiceQueue";
/** The services' queues (Karpenter's interruption queue, components/cluster/nodeAutoscaling.ts, is not one). */
const serviceQueues = (result: SynthesisResult) => ofType(result, QUEUE).filter((q) => result.resources.find((r) => r.urn === q.parent)?.type === COMPONENT);
const ROLE = "aws:iam/role:Role";
const KEY = "aws:kms/key:Key";

const QUEUE_ARN = "arn:aws:sqs:us-east-1:111122223333:platform-dev-use1-document";
const DLQ_ARN = `${QUEUE_ARN}-dlq`;
const OTHER_QUEUE_ARN = "arn:aws:sqs:us-east-1:111122223333:platform-dev-use1-notification";
const DATA_KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/data";
const CONSUMER_ACTIONS = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"];
/** Actions a role could plausibly be given beyond send/receive/delete; the service role gets none on its queue. */
const EXTRA_ACTIONS = ["sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueues", "sqs:ListDeadLetterSourceQueues"];
const ADMIN_ACTIONS = ["sqs:PurgeQueue", "sqs:DeleteQueue", "sqs:SetQueueAttributes", "sqs:AddPermission", "sqs:StartMessageMoveTask", "sqs:CreateQueue"];

function statementsDoc(statements: unknown[]) {
    return [{ Statement: statements as any }];
}

describe("service queues: pure rules", () => {
    it("redrives to the DLQ after maxReceiveCount receives, as a number", () => {
        assert.deepStrictEqual(JSON.parse(redrivePolicy(DLQ_ARN, 5)), { deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 5 });
        assert.strictEqual(typeof JSON.parse(redrivePolicy(DLQ_ARN, 7)).maxReceiveCount, "number");
    });

    it("lets only the one source queue use a DLQ", () => {
        assert.deepStrictEqual(JSON.parse(redriveAllowPolicy(QUEUE_ARN)), { redrivePermission: "byQueue", sourceQueueArns: [QUEUE_ARN] });
    });

    it("denies every SQS action without TLS to everyone, and grants nothing", () => {
        const policy = tlsOnlyQueuePolicy(QUEUE_ARN);
        const statements = policy.Statement;
        assert.ok(statements.every((s) => s.Effect === "Deny"), "a queue policy that grants");
        const [deny] = statements;
        assert.deepStrictEqual([deny.Principal, deny.Action, deny.Resource, deny.Condition], ["*", "sqs:*", QUEUE_ARN, { Bool: { "aws:SecureTransport": "false" } }]);
        // The evaluator ignores conditions: the deny covers every action on the queue (only over HTTP in reality).
        for (const action of [...CONSUMER_ACTIONS, ...EXTRA_ACTIONS, ...ADMIN_ACTIONS]) {
            assert.strictEqual(documentsAllow([{ Statement: [...statements, { Effect: "Allow", Action: "*", Resource: "*" }] as any }], action, QUEUE_ARN), false, action);
        }
    });

    it("gives a role exactly send/receive/delete on its own queue, only depth on its DLQ, and the data key only through SQS", () => {
        const statements = queueAccessStatements({ queueArn: QUEUE_ARN, deadLetterQueueArn: DLQ_ARN, dataKeyArn: DATA_KEY_ARN, region: "us-east-1" });
        const docs = statementsDoc(statements);
        for (const action of CONSUMER_ACTIONS) {
            assert.ok(documentsAllow(docs, action, QUEUE_ARN), `${action} on its queue`);
            assert.ok(!documentsAllow(docs, action, OTHER_QUEUE_ARN), `${action} on another queue`);
        }
        for (const action of ADMIN_ACTIONS) {
            assert.ok(!documentsAllow(docs, action, QUEUE_ARN) && !documentsAllow(docs, action, DLQ_ARN), `${action} allowed`);
        }
        assert.deepStrictEqual(
            [...CONSUMER_ACTIONS, ...EXTRA_ACTIONS].filter((a) => documentsAllow(docs, a, QUEUE_ARN)),
            CONSUMER_ACTIONS,
        );
        assert.deepStrictEqual(
            [...CONSUMER_ACTIONS, ...EXTRA_ACTIONS].filter((a) => documentsAllow(docs, a, DLQ_ARN)),
            ["sqs:GetQueueAttributes"],
        );
        assert.ok(documentsAllow(docs, "kms:GenerateDataKey", DATA_KEY_ARN) && documentsAllow(docs, "kms:Decrypt", DATA_KEY_ARN));
        assert.ok(!documentsAllow(docs, "kms:Encrypt", DATA_KEY_ARN) && !documentsAllow(docs, "kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/other"));
        const kms = statements.find((s) => String(s.Action).includes("kms:"))!;
        assert.deepStrictEqual(kms.Condition, { StringEquals: { "kms:ViaService": "sqs.us-east-1.amazonaws.com" } });
        assert.ok(statements.every((s) => s.Resource !== "*" && !String(s.Action).includes("*")));
    });

    it("relies on the data key's policy delegating to IAM: account root kms:*, no deny", () => {
        // KMS honours an identity policy on a key only when the key policy delegates to the account.
        const statements = keyPolicy({ accountId: "111122223333", region: "us-east-1", purpose: "data" }).Statement;
        assert.ok(statements.some((s) => s.Effect === "Allow" && (s.Principal as any)?.AWS === "arn:aws:iam::111122223333:root" && s.Action === "kms:*" && !s.Condition));
        assert.ok(!statements.some((s) => s.Effect === "Deny"));
    });

    it("names the queue and DLQ within SQS's 80 characters and character set", () => {
        assert.deepStrictEqual(queueNames("prod-use1", "document"), { queue: "platform-prod-use1-document", deadLetterQueue: "platform-prod-use1-document-dlq" });
        const long = queueNames(`${"x".repeat(60)}-use1`, "verification");
        for (const name of [long.queue, long.deadLetterQueue]) {
            assert.ok(name.length <= MAX_QUEUE_NAME_LENGTH && /^[A-Za-z0-9_-]+$/.test(name), name);
        }
        assert.ok(long.deadLetterQueue.endsWith("-dlq"));
    });

    it("puts the queue and DLQ URLs in the service's settings", () => {
        assert.deepStrictEqual(queueEnvironment({ queueUrl: "https://q", deadLetterQueueUrl: "https://d" }), { QUEUE_URL: "https://q", DEAD_LETTER_QUEUE_URL: "https://d" });
    });
});

describe("service queues: configuration", () => {
    const withQueue = (queue: Record<string, unknown> | undefined) => {
        const raw = stackConfig("dev");
        return { ...raw, services: { ...raw.services, bff: { ...raw.services.bff, queue } } };
    };

    it("defaults every setting of a queue given as {} and leaves services without one queue-less", () => {
        const config = validateConfig(withQueue({}));
        assert.deepStrictEqual(config.services.bff.queue, {
            visibilityTimeoutSeconds: 30,
            messageRetentionSeconds: 345_600,
            maxReceiveCount: 5,
            deadLetterRetentionSeconds: 1_209_600,
            kmsDataKeyReusePeriodSeconds: 300,
        });
        assert.strictEqual(validateConfig(stackConfig("dev")).services.bff.queue, undefined);
    });

    it("refuses values outside SQS's limits, naming the key", () => {
        const cases: Array<[string, unknown]> = [
            ["visibilityTimeoutSeconds", 43_201],
            ["visibilityTimeoutSeconds", -1],
            ["messageRetentionSeconds", 59],
            ["messageRetentionSeconds", 1_209_601],
            ["maxReceiveCount", 0],
            ["maxReceiveCount", 1_001],
            ["deadLetterRetentionSeconds", 1_209_601],
            ["kmsDataKeyReusePeriodSeconds", 59],
            ["kmsDataKeyReusePeriodSeconds", 86_401],
            ["maxReceiveCount", 2.5],
        ];
        for (const [key, value] of cases) {
            assertConfigProblem(withQueue({ [key]: value }), `platform:services.bff.queue.${key}`, /./);
        }
        assertConfigProblem(withQueue({ maxRecieveCount: 3 }), "platform:services.bff.queue.maxRecieveCount", /./);
    });

    it("refuses a DLQ that keeps messages no longer than the queue (they would expire there first)", () => {
        for (const deadLetterRetentionSeconds of [345_600, 3_600]) {
            assertConfigProblem(
                withQueue({ messageRetentionSeconds: 345_600, deadLetterRetentionSeconds }),
                "platform:services.bff.queue.deadLetterRetentionSeconds",
                new RegExp(`${deadLetterRetentionSeconds} is not longer than messageRetentionSeconds 345600`),
            );
        }
        assert.doesNotThrow(() => validateConfig(withQueue({ messageRetentionSeconds: 345_600, deadLetterRetentionSeconds: 345_601 })));
    });
});

describe("service queues: synthesized", () => {
    const results = synthesizeStacks();

    /** Region codes of a synthesized stack, from its keys components. */
    const regionCodes = (result: SynthesisResult) => ofType(result, "platform:secrets:Keys").map((k) => k.name.split("-")[1]);
    const queuedServices = (stack: string) => servicesOf(stack).filter((s) => validateConfig(stackConfig(stack)).services[s].queue !== undefined);
    const queueOf = (result: SynthesisResult, code: string, service: string, dlq = false) => single(result, QUEUE, `-${code}-${service}-queue-${dlq ? "dlq" : "queue"}`);
    const roleOf = (result: SynthesisResult, code: string, service: string) => single(result, ROLE, `-${code}-service-access-${service}-role`);

    it("has the stack files give document, verification and notification a queue", () => {
        for (const stack of STACKS) {
            assert.deepStrictEqual(queuedServices(stack), ["document", "verification", "notification"]);
        }
    });

    it("creates a queue and DLQ per region for exactly the services configured with one, under a ServiceQueue component", () => {
        for (const stack of STACKS) {
            const result = results[stack];
            const codes = regionCodes(result);
            const components = ofType(result, COMPONENT);
            assert.strictEqual(components.length, codes.length * queuedServices(stack).length);
            assert.strictEqual(serviceQueues(result).length, components.length * 2);
            for (const queue of serviceQueues(result)) {
                const parent = result.resources.find((r) => r.urn === queue.parent)!;
                assert.strictEqual(parent.type, COMPONENT);
                assert.ok(queue.name.startsWith(`${parent.name}-`), queue.name);
            }
            for (const code of codes) {
                for (const service of servicesOf(stack).filter((s) => !queuedServices(stack).includes(s))) {
                    assert.ok(!ofType(result, QUEUE).some((q) => q.name.includes(`-${code}-${service}-`)), `${service} got a queue`);
                }
            }
        }
    });

    it("encrypts both with the region's data key, redrives after maxReceiveCount to its own DLQ, and tags them with the service", () => {
        const result = results.prod;
        const config = validateConfig(stackConfig("prod"));
        for (const code of regionCodes(result)) {
            for (const service of queuedServices("prod")) {
                const settings = config.services[service].queue!;
                const queue = queueOf(result, code, service);
                const dlq = queueOf(result, code, service, true);
                for (const q of [queue, dlq]) {
                    assert.strictEqual(sourceOf(result, q, "kmsMasterKeyId", KEY).name, `prod-${code}-keys-data`);
                    assert.strictEqual(q.inputs.kmsDataKeyReusePeriodSeconds, settings.kmsDataKeyReusePeriodSeconds);
                    assert.notStrictEqual(q.inputs.sqsManagedSseEnabled, true);
                    assert.deepStrictEqual([q.inputs.tags.service, q.inputs.tags["data-classification"]], [service, "confidential"]);
                    assert.strictEqual(q.region, code === "use1" ? "us-east-1" : "us-west-2");
                }
                assert.deepStrictEqual(
                    [queue.inputs.visibilityTimeoutSeconds, queue.inputs.messageRetentionSeconds, dlq.inputs.messageRetentionSeconds],
                    [settings.visibilityTimeoutSeconds, settings.messageRetentionSeconds, settings.deadLetterRetentionSeconds],
                );
                assert.deepStrictEqual(JSON.parse(queue.inputs.redrivePolicy), { deadLetterTargetArn: dlq.outputs!.arn, maxReceiveCount: settings.maxReceiveCount });
                assert.strictEqual(dlq.inputs.redrivePolicy, undefined);
            }
        }
    });

    it("protects both queues where the stack protects stateful resources (deleting one loses its messages)", () => {
        for (const stack of STACKS) {
            const protect = validateConfig(stackConfig(stack)).protectStatefulResources;
            const queues = serviceQueues(results[stack]);
            assert.ok(queues.length > 0);
            assert.ok(queues.every((q) => q.options.protect === protect), `${stack}: protect ${protect}`);
        }
        assert.ok(STACKS.some((s) => validateConfig(stackConfig(s)).protectStatefulResources) && STACKS.some((s) => !validateConfig(stackConfig(s)).protectStatefulResources));
    });

    it("lets each DLQ take redrives from its source queue only, and puts a TLS-only policy on both", () => {
        const result = results.prod;
        for (const code of regionCodes(result)) {
            for (const service of queuedServices("prod")) {
                const queue = queueOf(result, code, service);
                const dlq = queueOf(result, code, service, true);
                const allows = ofType(result, REDRIVE_ALLOW).filter((a) => (a.propertyDependencies.queueUrl ?? []).includes(dlq.urn));
                assert.strictEqual(allows.length, 1);
                assert.deepStrictEqual(JSON.parse(allows[0].inputs.redriveAllowPolicy), { redrivePermission: "byQueue", sourceQueueArns: [queue.outputs!.arn] });
                for (const q of [queue, dlq]) {
                    const policies = ofType(result, QUEUE_POLICY).filter((p) => (p.propertyDependencies.queueUrl ?? []).includes(q.urn));
                    assert.strictEqual(policies.length, 1, q.name);
                    assert.strictEqual(policies[0].inputs.queueUrl, q.outputs!.url);
                    assert.deepStrictEqual(JSON.parse(policies[0].inputs.policy), tlsOnlyQueuePolicy(q.outputs!.arn));
                }
            }
        }
    });

    it("lets a service's role send, receive and delete on its own queue in its region, and on no other queue", () => {
        for (const stack of STACKS) {
            const result = results[stack];
            const queues = ofType(result, QUEUE);
            for (const code of regionCodes(result)) {
                for (const service of servicesOf(stack)) {
                    const { documents, awsManagedPolicyArns } = rolePermissions(result, roleOf(result, code, service));
                    assert.deepStrictEqual(awsManagedPolicyArns, []);
                    const own = queuedServices(stack).includes(service) ? queueOf(result, code, service) : undefined;
                    for (const queue of queues) {
                        for (const action of CONSUMER_ACTIONS) {
                            assert.strictEqual(documentsAllow(documents, action, queue.outputs!.arn), queue === own, `${stack} ${code} ${service}: ${action} on ${queue.name}`);
                        }
                        for (const action of ADMIN_ACTIONS) {
                            assert.ok(!documentsAllow(documents, action, queue.outputs!.arn), `${service}: ${action} on ${queue.name}`);
                        }
                    }
                    if (own) {
                        const key = sourceOf(result, own, "kmsMasterKeyId", KEY);
                        assert.ok(documentsAllow(documents, "kms:GenerateDataKey", key.outputs!.arn) && documentsAllow(documents, "kms:Decrypt", key.outputs!.arn));
                    }
                }
            }
        }
    });

    it("gives each queued service's ConfigMap its region's queue and DLQ URLs, and no other service any", () => {
        for (const stack of STACKS) {
            const result = results[stack];
            for (const code of regionCodes(result)) {
                for (const service of servicesOf(stack)) {
                    const data = revealSecrets(single(result, "kubernetes:core/v1:ConfigMap", `-${code}-service-access-${service}-config`).inputs.data);
                    if (queuedServices(stack).includes(service)) {
                        assert.deepStrictEqual(
                            [data.QUEUE_URL, data.DEAD_LETTER_QUEUE_URL],
                            [queueOf(result, code, service).outputs!.url, queueOf(result, code, service, true).outputs!.url],
                        );
                        assert.match(data.QUEUE_URL, new RegExp(`^https://sqs\\.${data.AWS_REGION}\\.amazonaws\\.com/\\d{12}/`));
                    } else {
                        assert.deepStrictEqual([data.QUEUE_URL, data.DEAD_LETTER_QUEUE_URL], [undefined, undefined]);
                    }
                }
            }
        }
    });

    it("reaches SQS inside each region's VPC: an SQS interface endpoint with private DNS in the subnets services may send HTTPS to", () => {
        for (const stack of STACKS) {
            const result = results[stack];
            for (const code of regionCodes(result)) {
                const endpoint = single(result, "aws:ec2/vpcEndpoint:VpcEndpoint", `${stack}-${code}-network-sqs-endpoint`);
                const region = code === "use1" ? "us-east-1" : "us-west-2";
                assert.deepStrictEqual([endpoint.inputs.serviceName, endpoint.inputs.vpcEndpointType, endpoint.inputs.privateDnsEnabled], [`com.amazonaws.${region}.sqs`, "Interface", true]);
                const subnets = result.resources.filter((r) => (endpoint.propertyDependencies.subnetIds ?? []).includes(r.urn));
                assert.ok(subnets.length > 0 && subnets.every((s) => s.inputs.tags?.Name?.includes("private") || /private/.test(s.name)), subnets.map((s) => s.name).join(", "));
            }
        }
    });

    it("passes the policy gate, whose SQS rules see these queues: each fires when its property is taken away", async function () {
        this.timeout(60_000);
        const prod = results.prod;
        const queue = queueOf(prod, "use1", "document");
        const dlq = queueOf(prod, "use1", "document", true);
        const fired = async (mutate: (r: (typeof prod.resources)[number]) => (typeof prod.resources)[number] | undefined) => {
            const resources = prod.resources.map(mutate).filter((r): r is NonNullable<typeof r> => r !== undefined);
            const gate = await runPolicyGate({ ...prod, resources }, PROJECT_ROOT);
            return gate.violations.filter((v) => v.policy.includes("sqs")).map((v) => `${v.policy} ${v.enforcementLevel} ${v.urn?.split("::").pop()}`);
        };
        assert.deepStrictEqual(await fired((r) => r), []);
        assert.deepStrictEqual(await fired((r) => (r === queue ? { ...r, inputs: { ...r.inputs, kmsMasterKeyId: undefined } } : r)), [`sqs-queue-cmk mandatory ${queue.name}`]);
        const withoutRedrive = await fired((r) => (r === queue ? { ...r, inputs: { ...r.inputs, redrivePolicy: undefined }, propertyDependencies: { ...r.propertyDependencies, redrivePolicy: [] } } : r));
        // Without the redrive policy the DLQ is no longer anyone's target either.
        assert.deepStrictEqual(withoutRedrive.sort(), [`stack-sqs-queue-dead-letter mandatory ${dlq.name}`, `stack-sqs-queue-dead-letter mandatory ${queue.name}`].sort());
        const dlqPolicy = ofType(prod, QUEUE_POLICY).find((p) => (p.propertyDependencies.queueUrl ?? []).includes(dlq.urn))!;
        assert.deepStrictEqual(await fired((r) => (r === dlqPolicy ? undefined : r)), [`sqs-queue-policy-tls-only mandatory ${dlq.name}`]);
    });
});
