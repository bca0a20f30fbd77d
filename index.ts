/**
 * Pulumi program entry point: read and validate the stack's configuration (nothing is registered if it
 * is invalid), build the platform, export what operators and later stacks need.
 */
import { loadConfig } from "./config";
import { createPlatform } from "./platform";

const platform = createPlatform(loadConfig());

/** Per region: VPC, subnets, NAT egress IPs, cluster name, kubeconfig (secret), OIDC provider, service namespaces. */
export const regions = platform.regions;
