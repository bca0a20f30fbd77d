/**
 * Pulumi program entry point: read and validate the stack's configuration (nothing is registered if it
 * is invalid), build the platform, export what operators and later stacks need.
 */
import { loadConfig } from "./config";
import { createPlatform } from "./platform";

const platform = createPlatform(loadConfig());

/** Per region: VPC, subnets, NAT egress IPs, cluster name, OIDC provider, service namespaces, data store endpoints. */
export const regions = platform.regions;
/** Kubeconfig per region name (secret): `pulumi stack output kubeconfigs --show-secrets`. */
export const kubeconfigs = platform.kubeconfigs;
/** MongoDB Atlas project id, cluster name and per-region SRV connection strings (credential-free: services authenticate with IAM). */
export const atlas = platform.atlas;
/** Per region: every service's IAM role ARN (its ServiceAccount's eks.amazonaws.com/role-arn, which its namespace's SecretStore also authenticates as). */
export const serviceAccess = platform.serviceAccess;
/** Cloudflare zone id, fully qualified hostnames, the region serving each DNS-routed one, the load-balanced ones, the origin certificate expiry, and (when applicable) the name servers and DNSSEC DS record for the registrar. */
export const cdn = platform.cdn;
/** Per service: the ECR repository URL its pipeline pushes to and the push role it assumes (GitHub environment variables of the service's repository). */
export const delivery = platform.delivery;
/** Per region: observability mode, whether the monitoring CRDs exist, Kong's OTLP traces endpoint (selfHosted) or Datadog agent host (datadog). */
export const observability = platform.observability;
