import { PlatformPolicy } from "../../lib/rule";
import { eksClusterApiAuthentication } from "./eksClusterApiAuthentication";
import { eksComponentApiAuthentication } from "./eksComponentApiAuthentication";
import { eksComponentManagedNodeGroupImdsv2 } from "./eksComponentManagedNodeGroupImdsv2";
import { eksNodeGroupLaunchTemplate } from "./eksNodeGroupLaunchTemplate";
import { k8sGrafanaAdminExistingSecret } from "./k8sGrafanaAdminExistingSecret";
import { iamRoleNoWildcardPrincipal } from "./iamRoleNoWildcardPrincipal";
import { iamRoleOidcTrustScoped } from "./iamRoleOidcTrustScoped";
import { launchTemplateImdsv2 } from "./launchTemplateImdsv2";
import { iamRoleGithubOidcTrustPinned } from "./iamRoleGithubOidcTrustPinned";

/** Identity: instance metadata (IMDSv2), role trust, cluster authentication, Grafana admin credentials. */
export const identityRules: PlatformPolicy[] = [
    launchTemplateImdsv2,
    eksComponentManagedNodeGroupImdsv2,
    eksNodeGroupLaunchTemplate,
    iamRoleOidcTrustScoped,
    iamRoleNoWildcardPrincipal,
    eksComponentApiAuthentication,
    eksClusterApiAuthentication,
    iamRoleGithubOidcTrustPinned,
    k8sGrafanaAdminExistingSecret,
];
