/**
 * The helpers several rule families share (policy/lib/): reading IAM documents, joining companions to what they
 * configure, SQS redrive targets, log-target buckets, the load balancer controller's Service annotations, Helm
 * releases, and the validators and message wording every rule uses. Each at the inputs rules meet: unset, null,
 * the wrong type, the near miss.
 */
import { strict as assert } from "assert";
import { PolicyResource } from "@pulumi/policy";
import { RESOURCE_TYPES } from "../../lib/args";
import { isControllerNlb, nlbAttributes } from "../../lib/gateway";
import { chartName, grafanaValues } from "../../lib/helm";
import { asList, hasCondition, isWildcardPrincipal, parsePolicyDocument, statementsOf } from "../../lib/iam";
import { companionsOf, refersTo } from "../../lib/joins";
import { isAccessLogTarget } from "../../lib/s3";
import { isDeadLetterTarget, knownValue, parsedRedrivePolicy } from "../../lib/sqs";
import { isUnknownSentinel, UNKNOWN_STRING } from "../../lib/unknowns";
import { found, isSet, listOf, mustBe, validateResourceOfTokens } from "../../lib/validate";

const resource = (type: string, name: string, props: Record<string, any> = {}, deps: Record<string, string[]> = {}): PolicyResource =>
    ({
        type,
        name,
        urn: `urn:${name}`,
        props,
        propertyDependencies: Object.fromEntries(Object.entries(deps).map(([k, urns]) => [k, urns.map((urn) => ({ urn }))])),
    }) as unknown as PolicyResource;

describe("policy lib: IAM documents", () => {
    it("reads JSON text or an object, and Statement as one or a list", () => {
        assert.deepEqual(parsePolicyDocument('{"Statement":[]}'), { Statement: [] });
        const doc = { Statement: { Effect: "Allow" } };
        assert.equal(parsePolicyDocument(doc), doc);
        assert.deepEqual(statementsOf(doc), [{ Effect: "Allow" }]);
        assert.deepEqual(statementsOf({ Statement: [{ Effect: "Deny" }] }), [{ Effect: "Deny" }]);
        for (const empty of [undefined, null, {}, { Statement: null }]) {
            assert.deepEqual(statementsOf(empty), [], JSON.stringify(empty));
        }
    });

    it("lists one value or many, none when unset", () => {
        assert.deepEqual(asList("s3:GetObject"), ["s3:GetObject"]);
        assert.deepEqual(asList(["a", "b"]), ["a", "b"]);
        assert.deepEqual(asList(undefined), []);
        assert.deepEqual(asList(null), []);
        assert.deepEqual(asList(""), [""]);
    });

    it("knows the anyone principal in its three spellings, and nothing else", () => {
        assert.equal(isWildcardPrincipal("*"), true);
        assert.equal(isWildcardPrincipal({ AWS: "*" }), true);
        assert.equal(isWildcardPrincipal({ AWS: ["arn:aws:iam::111122223333:root", "*"] }), true);
        for (const principal of [null, undefined, "arn:aws:iam::111122223333:root", { AWS: "arn:aws:iam::111122223333:root" }, { Service: "*" }, ["*"]]) {
            assert.equal(isWildcardPrincipal(principal), false, JSON.stringify(principal));
        }
    });

    it("a statement has a condition only with at least one operator", () => {
        assert.equal(hasCondition({ Condition: { Bool: { "aws:SecureTransport": "false" } } }), true);
        for (const statement of [undefined, {}, { Condition: null }, { Condition: {} }, { Condition: "x" }]) {
            assert.equal(hasCondition(statement), false, JSON.stringify(statement));
        }
    });
});

describe("policy lib: joins", () => {
    const bucket = resource("aws:s3/bucket:Bucket", "docs", { bucket: "docs-bucket" });
    const other = resource("aws:s3/bucket:Bucket", "other", { bucket: "other-bucket" });

    it("joins by the recorded dependency when there is one, whatever the value says", () => {
        assert.equal(refersTo(resource("v", "v", { bucket: "other-bucket" }, { bucket: ["urn:other", "urn:docs"] }), "bucket", bucket, "bucket"), true);
        assert.equal(refersTo(resource("v", "v", { bucket: "docs-bucket" }, { bucket: ["urn:other"] }), "bucket", bucket, "bucket"), false);
    });

    it("else by value, and two unset values are no match", () => {
        assert.equal(refersTo(resource("v", "v", { bucket: "docs-bucket" }), "bucket", bucket, "bucket"), true);
        assert.equal(refersTo(resource("v", "v", { bucket: "other-bucket" }), "bucket", bucket, "bucket"), false);
        assert.equal(refersTo(resource("v", "v", {}), "bucket", resource("b", "b", {}), "bucket"), false);
        assert.equal(refersTo(resource("v", "v", {}), "bucket", bucket, "bucket"), false);
        assert.equal(refersTo(resource("v", "v", { bucket: "docs-bucket" }), "bucket", resource("b", "b", {}), "bucket"), false);
    });

    it("finds the companions of the given types only", () => {
        const versioning = resource("aws:s3/bucketVersioning:BucketVersioning", "v", {}, { bucket: ["urn:docs"] });
        const policy = resource("aws:s3/bucketPolicy:BucketPolicy", "p", {}, { bucket: ["urn:docs"] });
        assert.deepEqual(
            companionsOf(bucket, [bucket, other, versioning, policy], ["aws:s3/bucketVersioning:BucketVersioning"], "bucket", "bucket").map((r) => r.name),
            ["v"],
        );
    });
});

describe("policy lib: access-log buckets", () => {
    const bucket = resource("aws:s3/bucket:Bucket", "logs", { bucket: "logs-bucket" });
    const lb = (accessLogs: unknown, deps: Record<string, string[]> = {}) => resource("aws:lb/loadBalancer:LoadBalancer", "nlb", { accessLogs }, deps);

    it("a bucket named by a load balancer's access logs, by dependency or by name, receives logs", () => {
        assert.equal(isAccessLogTarget(bucket, [lb({ bucket: "x" }, { accessLogs: ["urn:logs"] })]), true);
        assert.equal(isAccessLogTarget(bucket, [lb({ bucket: "logs-bucket" }, { accessLogs: ["urn:other"] })]), false);
        assert.equal(isAccessLogTarget(bucket, [lb({ bucket: "logs-bucket" })]), true);
        assert.equal(isAccessLogTarget(bucket, [lb({ bucket: "other" })]), false);
    });

    it("a load balancer without access logs, or a bucket without a name, is no match", () => {
        assert.equal(isAccessLogTarget(bucket, [lb(undefined)]), false);
        assert.equal(isAccessLogTarget(resource("aws:s3/bucket:Bucket", "unnamed", {}), [lb({ enabled: false })]), false);
        // Only load balancers' accessLogs count, not another resource with the same input.
        const notLb = resource("aws:cloudfront/distribution:Distribution", "cdn", { accessLogs: { bucket: "logs-bucket" } });
        assert.equal(isAccessLogTarget(bucket, [notLb]), false);
    });
});

describe("policy lib: SQS redrive", () => {
    it("reads a known input without tripping on unknowns", () => {
        assert.equal(knownValue({ name: "q" }, "name"), "q");
        assert.equal(knownValue({ name: UNKNOWN_STRING }, "name"), undefined);
        assert.equal(knownValue({}, "name"), undefined);
    });

    it("parses a redrive policy from JSON text or an object; anything else is none", () => {
        assert.deepEqual(parsedRedrivePolicy('{"deadLetterTargetArn":"arn","maxReceiveCount":5}'), { deadLetterTargetArn: "arn", maxReceiveCount: 5 });
        const object = { deadLetterTargetArn: "arn" };
        assert.equal(parsedRedrivePolicy(object), object);
        for (const none of ["not json", "null", "5", '"text"', null, undefined, 5, true]) {
            assert.equal(parsedRedrivePolicy(none), undefined, JSON.stringify(none));
        }
    });

    const dlq = resource("aws:sqs/queue:Queue", "jobs-dlq", { name: "jobs-dlq" });
    const queue = (props: Record<string, any>, deps: Record<string, string[]> = {}, type = "aws:sqs/queue:Queue") => resource(type, "jobs", props, deps);

    it("a queue is a dead-letter target when a redrive policy names it, by dependency or by ARN suffix", () => {
        assert.equal(isDeadLetterTarget(dlq, [dlq, queue({}, { redrivePolicy: ["urn:other", "urn:jobs-dlq"] })]), true);
        assert.equal(isDeadLetterTarget(dlq, [dlq, queue({ redrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:1:jobs-dlq"}' }, { redrivePolicy: ["urn:other"] })]), false);
        assert.equal(isDeadLetterTarget(dlq, [dlq, queue({ redrivePolicy: { deadLetterTargetArn: "arn:aws:sqs:us-east-1:1:jobs-dlq" } })]), true);
        assert.equal(isDeadLetterTarget(dlq, [queue({ redrivePolicy: { deadLetterTargetArn: "arn:aws:sqs:us-east-1:1:jobs-dlq" } }, {}, "aws:sqs/redrivePolicy:RedrivePolicy")]), true);
    });

    it("a near-miss ARN, a nameless queue, another type or the queue itself is no redrive to it", () => {
        assert.equal(isDeadLetterTarget(dlq, [queue({ redrivePolicy: { deadLetterTargetArn: "arn:aws:sqs:us-east-1:1:other-jobs-dlq" } })]), false);
        assert.equal(isDeadLetterTarget(dlq, [queue({ redrivePolicy: { deadLetterTargetArn: "jobs-dlq" } })]), false);
        assert.equal(isDeadLetterTarget(resource("aws:sqs/queue:Queue", "dlq", {}), [queue({ redrivePolicy: { deadLetterTargetArn: "arn:aws:sqs:us-east-1:1:undefined" } })]), false);
        assert.equal(isDeadLetterTarget(dlq, [queue({ redrivePolicy: { deadLetterTargetArn: "arn:aws:sqs:us-east-1:1:jobs-dlq" } }, {}, "aws:sns/topic:Topic")]), false);
        const self = resource("aws:sqs/queue:Queue", "jobs-dlq", { name: "jobs-dlq", redrivePolicy: { deadLetterTargetArn: "arn:aws:sqs:us-east-1:1:jobs-dlq" } });
        assert.equal(isDeadLetterTarget(self, [self]), false);
    });
});

describe("policy lib: load balancer controller Services", () => {
    const service = (spec: Record<string, any> | undefined, annotations?: Record<string, string>) => ({ metadata: annotations === undefined ? {} : { annotations }, ...(spec === undefined ? {} : { spec }) });
    const TYPE = "service.beta.kubernetes.io/aws-load-balancer-type";

    it("a LoadBalancer Service of class service.k8s.aws/nlb, or annotated external or nlb-ip, is the controller's NLB", () => {
        assert.equal(isControllerNlb(service({ type: "LoadBalancer", loadBalancerClass: "service.k8s.aws/nlb" })), true);
        assert.equal(isControllerNlb(service({ type: "LoadBalancer" }, { [TYPE]: "external" })), true);
        assert.equal(isControllerNlb(service({ type: "LoadBalancer" }, { [TYPE]: "nlb-ip" })), true);
    });

    it("the in-tree NLB, another class, a ClusterIP Service or one without spec is not", () => {
        assert.equal(isControllerNlb(service({ type: "LoadBalancer" }, { [TYPE]: "nlb" })), false);
        assert.equal(isControllerNlb(service({ type: "LoadBalancer", loadBalancerClass: "example.com/lb" })), false);
        assert.equal(isControllerNlb(service({ type: "LoadBalancer" })), false);
        assert.equal(isControllerNlb(service({ type: "ClusterIP", loadBalancerClass: "service.k8s.aws/nlb" }, { [TYPE]: "external" })), false);
        assert.equal(isControllerNlb(service(undefined, { [TYPE]: "external" })), false);
        assert.equal(isControllerNlb({}), false);
    });

    it("reads the attributes annotation as a map, skipping malformed pairs", () => {
        const attributes = (text?: unknown) => nlbAttributes({ metadata: { annotations: text === undefined ? {} : { "service.beta.kubernetes.io/aws-load-balancer-attributes": text } } });
        assert.deepEqual(
            [...attributes("access_logs.s3.enabled=true, access_logs.s3.bucket=logs ,load_balancing.cross_zone.enabled=true")],
            [
                ["access_logs.s3.enabled", "true"],
                ["access_logs.s3.bucket", "logs"],
                ["load_balancing.cross_zone.enabled", "true"],
            ],
        );
        assert.deepEqual([...attributes("novalue,=x,k=v")], [["k", "v"]]);
        assert.equal(attributes().size, 0);
        assert.equal(attributes(42).size, 0);
        assert.equal(nlbAttributes({}).size, 0);
    });
});

describe("policy lib: Helm releases", () => {
    it("names the chart without its repository prefix", () => {
        assert.equal(chartName({ chart: "prometheus-community/kube-prometheus-stack" }), "kube-prometheus-stack");
        assert.equal(chartName({ chart: "grafana" }), "grafana");
        assert.equal(chartName({ chart: undefined }), undefined);
        assert.equal(chartName({}), undefined);
    });

    it("Grafana's values: the grafana chart's own, kube-prometheus-stack's sub-chart unless disabled, none elsewhere", () => {
        assert.deepEqual(grafanaValues({ chart: "grafana", values: { adminUser: "a" } }), { adminUser: "a" });
        assert.deepEqual(grafanaValues({ chart: "grafana" }), {});
        assert.deepEqual(grafanaValues({ chart: "kube-prometheus-stack", values: { grafana: { adminUser: "a" } } }), { adminUser: "a" });
        assert.deepEqual(grafanaValues({ chart: "kube-prometheus-stack" }), {});
        assert.equal(grafanaValues({ chart: "kube-prometheus-stack", values: { grafana: { enabled: false } } }), undefined);
        assert.equal(grafanaValues({ chart: "loki", values: { grafana: {} } }), undefined);
        assert.equal(grafanaValues({}), undefined);
    });
});

describe("policy lib: validators and messages", () => {
    it("shows found values as JSON, undefined as the word, unknowns as <unknown>", () => {
        assert.strictEqual(found(undefined), "undefined");
        assert.strictEqual(found(false), "false");
        assert.strictEqual(found("preferred"), '"preferred"');
        assert.strictEqual(found(["api", UNKNOWN_STRING]), '["api","<unknown>"]');
        assert.strictEqual(mustBe("encrypted", "true", undefined), "encrypted must be true (found: undefined)");
    });

    it("an input is set unless absent, null or empty text", () => {
        assert.equal(isSet({ key: "arn" }, "key"), true);
        assert.equal(isSet({ key: UNKNOWN_STRING }, "key"), true);
        assert.equal(isSet({ key: 0 }, "key"), true);
        assert.equal(isSet({ key: false }, "key"), true);
        for (const props of [{}, { key: null }, { key: "" }, { key: undefined }, null, undefined]) {
            assert.equal(isSet(props as any, "key"), false, JSON.stringify(props));
        }
    });

    it("lists a list, and anything else as empty", () => {
        assert.deepEqual(listOf([1]), [1]);
        assert.deepEqual(listOf(undefined), []);
        assert.deepEqual(listOf(null), []);
        assert.deepEqual(listOf("x" as any), []);
    });

    it("a validator by tokens runs on those types only, says which otherwise, and tells the gate its types", () => {
        const seen: string[] = [];
        const one = validateResourceOfTokens(["eks:index:Cluster"], (_props, args) => {
            seen.push(args.type);
        });
        const two = validateResourceOfTokens(["aws:lb/listener:Listener", "aws:alb/listener:Listener"], () => undefined);
        const notApplicable = (reason: string) => {
            throw new Error(reason);
        };
        one({ type: "eks:index:Cluster", props: {}, notApplicable } as any, () => undefined);
        assert.deepEqual(seen, ["eks:index:Cluster"]);
        assert.throws(() => two({ type: "aws:s3/bucket:Bucket", props: {}, notApplicable } as any, () => undefined), {
            message: "Policy only applies to resources of type 'aws:lb/listener:Listener' or 'aws:alb/listener:Listener'",
        });
        assert.equal((one as any).__pulumiType, "eks:index:Cluster");
        assert.equal((two as any).__pulumiType, undefined);
        assert.deepEqual((one as any)[RESOURCE_TYPES], ["eks:index:Cluster"]);
        assert.deepEqual((two as any)[RESOURCE_TYPES], ["aws:lb/listener:Listener", "aws:alb/listener:Listener"]);
    });

    it("knows the engine's unknown sentinels and nothing else", () => {
        assert.equal(isUnknownSentinel(UNKNOWN_STRING), true);
        assert.equal(isUnknownSentinel("1c4a061d-8072-4f0a-a4cb-0ff528b18fe7"), true);
        assert.equal(isUnknownSentinel("04da6b54"), false);
        assert.equal(isUnknownSentinel(undefined), false);
        assert.equal(isUnknownSentinel(["04da6b54-80e4-46f7-96ec-b56ff0331ba9"]), false);
    });
});
