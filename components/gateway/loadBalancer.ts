/**
 * The AWS side of the gateway, as pure data: the AWS Load Balancer Controller's IAM policy (upstream's, at the
 * pinned version) and chart values, and the annotations that make the controller build Kong's internet-facing
 * NLB (IP targets, cross-zone, TLS listener re-encrypting to Kong, access logs, deletion protection).
 */
import upstreamPolicy from "./aws-load-balancer-controller-iam-policy.json";
import { PolicyDocument } from "../../lib/iam";

/** Where the controller runs and the ServiceAccount its IRSA role trusts. */
export const LOAD_BALANCER_CONTROLLER_NAMESPACE = "kube-system";
export const LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT = "aws-load-balancer-controller";
export const LOAD_BALANCER_CONTROLLER_CHART_REPOSITORY = "https://aws.github.io/eks-charts";
/** The class the controller owns; set on the Service so the in-tree cloud provider never builds a Classic LB. */
export const NLB_LOAD_BALANCER_CLASS = "service.k8s.aws/nlb";
/** Prefix of the NLB's access logs in the region's access-log bucket. */
export const NLB_ACCESS_LOG_PREFIX = "gateway-nlb";
/** TLS 1.3 and 1.2 only, forward secrecy (ELB's current recommended policy). */
export const NLB_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/** The listener port Cloudflare connects to, and Kong's TLS proxy port behind it. */
export const NLB_LISTENER_PORT = 443;
export const KONG_PROXY_TLS_PORT = 8443;
/** Kong's status listener (`/status`, `/status/ready`, `/metrics`): probes and metrics, inside the cluster only. */
export const KONG_STATUS_PORT = 8100;

/** The upstream version the vendored policy is from (kubernetes-sigs/aws-load-balancer-controller docs/install/iam_policy.json). */
export const LOAD_BALANCER_CONTROLLER_POLICY_VERSION = upstreamPolicy.version;

/**
 * The controller's permissions: upstream's policy at the pinned app version, unchanged but for the ARN
 * partition (upstream writes `arn:aws:`; the China and GovCloud variants differ only there).
 */
export function loadBalancerControllerPolicy(partition = "aws"): PolicyDocument {
    return JSON.parse(JSON.stringify(upstreamPolicy.policy).replace(/"arn:aws:/g, `"arn:${partition}:`)) as PolicyDocument;
}

/**
 * Chart values. Region and VPC are given (pods cannot reach IMDS: hop limit 1); the ServiceAccount carries the
 * IRSA role; the webhook's certificate is kept across upgrades (`keepTLSSecret`) instead of a new `genCA` on
 * every render; two replicas with a budget and a spread over zones.
 */
export function loadBalancerControllerHelmValues(args: { clusterName: string; region: string; vpcId: unknown; roleArn: unknown }): Record<string, unknown> {
    return {
        clusterName: args.clusterName,
        region: args.region,
        vpcId: args.vpcId,
        replicaCount: 2,
        serviceAccount: {
            create: true,
            name: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
            annotations: { "eks.amazonaws.com/role-arn": args.roleArn, "eks.amazonaws.com/sts-regional-endpoints": "true" },
        },
        defaultTargetType: "ip",
        keepTLSSecret: true,
        podDisruptionBudget: { maxUnavailable: 1 },
        resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } },
        topologySpreadConstraints: [
            {
                maxSkew: 1,
                topologyKey: "topology.kubernetes.io/zone",
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: { "app.kubernetes.io/name": "aws-load-balancer-controller" } },
            },
        ],
    };
}

/** NLB attributes as the controller's `attributes` annotation wants them (`k=v,k=v`). */
export function nlbAttributes(args: { accessLogBucket: string; deletionProtection: boolean }): string {
    return [
        "access_logs.s3.enabled=true",
        `access_logs.s3.bucket=${args.accessLogBucket}`,
        `access_logs.s3.prefix=${NLB_ACCESS_LOG_PREFIX}`,
        "load_balancing.cross_zone.enabled=true",
        `deletion_protection.enabled=${args.deletionProtection}`,
    ].join(",");
}

const A = "service.beta.kubernetes.io/aws-load-balancer-";

/**
 * Annotations of Kong's proxy Service (aws-load-balancer-controller docs/guide/service/annotations.md @v3.5.0):
 * internet-facing NLB with IP targets, a TLS listener (the imported origin certificate, TLS 1.2+) re-encrypting
 * to Kong's TLS port, proxy protocol v2, TCP health checks on that port, access logs, cross-zone,
 * deletion protection, and only our frontend security group (Cloudflare's ranges) in front.
 */
export function nlbServiceAnnotations(args: {
    name: string;
    certificateArn: string;
    securityGroupId: string;
    accessLogBucket: string;
    deletionProtection: boolean;
}): Record<string, string> {
    return {
        [`${A}name`]: args.name,
        [`${A}type`]: "external",
        [`${A}scheme`]: "internet-facing",
        [`${A}nlb-target-type`]: "ip",
        [`${A}ssl-cert`]: args.certificateArn,
        [`${A}ssl-ports`]: String(NLB_LISTENER_PORT),
        [`${A}ssl-negotiation-policy`]: NLB_TLS_POLICY,
        [`${A}backend-protocol`]: "ssl",
        [`${A}proxy-protocol`]: "*",
        // TCP on the traffic port: with proxy protocol the NLB prefixes health checks with the header too
        // (ELB docs), which Kong's status listener (also the kubelet's probe target) would reject. Readiness
        // is Kong's /status/ready probe, which decides the endpoints the controller registers (IP targets),
        // and the namespace's pod readiness gate holds a rollout until the new targets are healthy.
        [`${A}healthcheck-protocol`]: "TCP",
        [`${A}healthcheck-port`]: "traffic-port",
        [`${A}attributes`]: nlbAttributes({ accessLogBucket: args.accessLogBucket, deletionProtection: args.deletionProtection }),
        [`${A}target-group-attributes`]: "deregistration_delay.timeout_seconds=30",
        [`${A}security-groups`]: args.securityGroupId,
        [`${A}manage-backend-security-group-rules`]: "true",
    };
}

/** NLB names: at most 32 characters (the controller's `name` annotation, create-only). */
export function nlbName(environment: string, prefix: string): string {
    const name = `platform-${prefix}-gw`;
    if (name.length > 32) {
        throw new Error(`NLB name ${name} is longer than 32 characters (environment ${environment})`);
    }
    return name;
}
