import { PlatformPolicy } from "../../lib/rule";
import { k8sNlbServiceTls } from "./k8sNlbServiceTls";
import { elasticacheAuth } from "./elasticacheAuth";
import { elasticacheTransitEncryptionRequired } from "./elasticacheTransitEncryptionRequired";
import { lbListenerHttpsOnly } from "./lbListenerHttpsOnly";
import { lbListenerModernTlsPolicy } from "./lbListenerModernTlsPolicy";
import { rdsInstanceModernCa } from "./rdsInstanceModernCa";
import { rdsParameterGroupForceSsl } from "./rdsParameterGroupForceSsl";
import { s3BucketPolicyTlsOnly } from "./s3BucketPolicyTlsOnly";
import { sqsQueuePolicyTlsOnly } from "./sqsQueuePolicyTlsOnly";

/** Encryption in transit and client authentication. */
export const tlsRules: PlatformPolicy[] = [
    elasticacheTransitEncryptionRequired,
    elasticacheAuth,
    rdsParameterGroupForceSsl,
    rdsInstanceModernCa,
    lbListenerHttpsOnly,
    lbListenerModernTlsPolicy,
    s3BucketPolicyTlsOnly,
    sqsQueuePolicyTlsOnly,
    k8sNlbServiceTls,
];
