import { PlatformPolicy } from "../../lib/rule";
import { k8sKongAdminApiNotPublic } from "./k8sKongAdminApiNotPublic";
import { k8sKongPluginNoPlaintextCredentials } from "./k8sKongPluginNoPlaintextCredentials";
import { k8sKongRateLimitingShared } from "./k8sKongRateLimitingShared";
import { atlasIpAccessListNotWorld } from "./atlasIpAccessListNotWorld";
import { ec2DefaultSecurityGroupEmpty } from "./ec2DefaultSecurityGroupEmpty";
import { eksClusterEndpointRestricted } from "./eksClusterEndpointRestricted";
import { eksComponentEndpointRestricted } from "./eksComponentEndpointRestricted";
import { eksNodeGroupNoOpenSsh } from "./eksNodeGroupNoOpenSsh";
import { ecrRepositoryScanOnPush } from "./ecrRepositoryScanOnPush";
import { elasticacheInVpc } from "./elasticacheInVpc";
import { k8sGrafanaNotExposed } from "./k8sGrafanaNotExposed";
import { k8sArgoCdNotPublicWithoutSso } from "./k8sArgoCdNotPublicWithoutSso";
import { rdsInstanceNotPublic } from "./rdsInstanceNotPublic";
import { s3BucketNoPublicAcl } from "./s3BucketNoPublicAcl";
import { s3BucketOwnerEnforced } from "./s3BucketOwnerEnforced";
import { s3PublicAccessBlockAll } from "./s3PublicAccessBlockAll";
import { securityGroupNoWorldIngress } from "./securityGroupNoWorldIngress";
import { subnetNoPublicIpOnLaunch } from "./subnetNoPublicIpOnLaunch";

/** Public exposure: endpoints, security groups, bucket access, subnets and access lists. */
export const exposureRules: PlatformPolicy[] = [
    rdsInstanceNotPublic,
    eksClusterEndpointRestricted,
    eksComponentEndpointRestricted,
    eksNodeGroupNoOpenSsh,
    securityGroupNoWorldIngress,
    ec2DefaultSecurityGroupEmpty,
    s3PublicAccessBlockAll,
    s3BucketOwnerEnforced,
    s3BucketNoPublicAcl,
    elasticacheInVpc,
    subnetNoPublicIpOnLaunch,
    atlasIpAccessListNotWorld,
    k8sKongAdminApiNotPublic,
    k8sKongPluginNoPlaintextCredentials,
    k8sKongRateLimitingShared,
    ecrRepositoryScanOnPush,
    k8sGrafanaNotExposed,
    k8sArgoCdNotPublicWithoutSso,
];
