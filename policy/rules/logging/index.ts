import { PlatformPolicy } from "../../lib/rule";
import { k8sNlbServiceAccessLogs } from "./k8sNlbServiceAccessLogs";
import { cloudwatchLogGroupRetention } from "./cloudwatchLogGroupRetention";
import { eksClusterControlPlaneLogs } from "./eksClusterControlPlaneLogs";
import { elasticacheLogDelivery } from "./elasticacheLogDelivery";
import { lbLoadBalancerAccessLogs } from "./lbLoadBalancerAccessLogs";
import { rdsInstanceEnhancedMonitoring } from "./rdsInstanceEnhancedMonitoring";
import { rdsInstanceLogExports } from "./rdsInstanceLogExports";
import { rdsInstancePerformanceInsights } from "./rdsInstancePerformanceInsights";
import { rdsParameterGroupQueryLogging } from "./rdsParameterGroupQueryLogging";
import { s3BucketLoggingTarget } from "./s3BucketLoggingTarget";
import { vpcFlowLogAllTraffic } from "./vpcFlowLogAllTraffic";
import { cloudwatchAlarmActions } from "./cloudwatchAlarmActions";

/** Audit, access and diagnostic logs, and how long they are kept. */
export const loggingRules: PlatformPolicy[] = [
    eksClusterControlPlaneLogs,
    vpcFlowLogAllTraffic,
    s3BucketLoggingTarget,
    rdsInstanceLogExports,
    rdsInstancePerformanceInsights,
    rdsInstanceEnhancedMonitoring,
    rdsParameterGroupQueryLogging,
    cloudwatchLogGroupRetention,
    elasticacheLogDelivery,
    lbLoadBalancerAccessLogs,
    k8sNlbServiceAccessLogs,
    cloudwatchAlarmActions,
];
