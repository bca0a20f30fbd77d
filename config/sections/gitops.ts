/**
 * `platform:gitOps`: the services' deployment (GitOps) repository that Argo CD syncs in every region's cluster.
 * When this key is set, Argo CD owns the services' workloads (Deployment or canary Rollout, and the migration
 * Job as a PreSync hook), rendered from the stack by `npm run gitops` and committed to that repository; Pulumi
 * renders everything around them (namespace, identity, secrets, Service, PDB, autoscaling, analysis). When it is
 * absent, Pulumi renders the workloads itself. Either way there is one owner of the pods.
 */
import { z } from "zod";

/** Git over HTTPS only: the repo server authenticates with a token from External Secrets, never an SSH key in the stack. */
const HTTPS_GIT_URL = /^https:\/\/[A-Za-z0-9.-]+(?::\d+)?\/[A-Za-z0-9_./-]+?(?:\.git)?$/;
/** A Git ref Argo CD can track: branch, tag or commit; no whitespace, no `..`, no leading `-`. */
const GIT_REVISION = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]{1,255}$/;
/** A relative path inside the repository, no `..` segments. */
const REPOSITORY_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9_./-]{1,200}$/;

/** The argo-helm `argo-cd` chart the values are written for (tests/delivery/fixtures/argo-cd-<version>-values.yaml). */
export const ARGO_CD_CHART_VERSION = "10.1.1";

/** A Secrets Manager name relative to `platform/<env>/argocd/`. */
const argoCdSecretName = z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_+=.@/-]{0,127}$/, "expected a secret name relative to platform/<env>/argocd/, like repository")
    .refine((v) => !v.includes(".."), "expected no '..' in a secret name");

/** A DNS host name, optionally with a port (the port-forward's localhost:8080). */
const HOST = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?$/;
/** An IdP group name as it appears in the token's groups claim; no comma or newline (they would break policy.csv). */
const IDP_GROUP = /^[^,\r\n]{1,200}$/;
/** Standard five-field cron (Argo CD sync window schedules). */
const CRON = /^\S+ \S+ \S+ \S+ \S+$/;

export const argoCdSsoSchema = z
    .object({
        issuer: z
            .string()
            .regex(/^https:\/\/[^\s]+$/, "expected the IdP's HTTPS issuer URL, like https://login.example.com")
            .describe("OIDC issuer URL of the identity provider (argocd-cm oidc.config issuer; Dex is not installed). No default."),
        clientId: z.string().regex(/^[^\s]{1,200}$/, "expected the OIDC client id registered at the IdP").describe("OIDC client id registered at the IdP, with redirect URI `https://<domain>/auth/callback`. No default."),
        clientSecretKey: argoCdSecretName
            .default("oidc")
            .describe("Secrets Manager secret (relative to platform/<env>/argocd/) whose JSON property `clientSecret` is the OIDC client secret (default oidc); created outside the stack, read through External Secrets."),
        requestedScopes: z
            .array(z.string().regex(/^[A-Za-z0-9_:./-]{1,100}$/, "expected an OAuth scope like groups"))
            .min(1)
            .default(["openid", "profile", "email", "groups"])
            .describe("OIDC scopes requested (default openid, profile, email, groups: RBAC maps the groups claim)."),
        adminGroups: z
            .array(z.string().regex(IDP_GROUP, "expected an IdP group name without commas"))
            .default([])
            .describe("IdP groups granted Argo CD's built-in role:admin (sync, promote, delete) (default none)."),
        readonlyGroups: z
            .array(z.string().regex(IDP_GROUP, "expected an IdP group name without commas"))
            .default([])
            .describe("IdP groups granted role:readonly (default none). Signed-in users in no listed group get no access (policy.default is empty)."),
    })
    .strict();
export type ArgoCdSsoConfig = z.infer<typeof argoCdSsoSchema>;

export const argoCdSyncWindowSchema = z
    .object({
        kind: z.enum(["allow", "deny"]).describe("allow: syncs only inside the window; deny: no syncs inside it."),
        schedule: z.string().regex(CRON, "expected a five-field cron expression like 0 22 * * 1-5").describe("Start of the window, five-field cron."),
        duration: z.string().regex(/^\d{1,3}[hm]$/, "expected a duration like 2h or 30m").describe("How long the window lasts, like 2h."),
        timeZone: z.string().regex(/^[A-Za-z_+-]+(?:\/[A-Za-z0-9_+-]+)*$/, "expected an IANA time zone like Europe/Berlin").default("UTC").describe("Time zone of the schedule (default UTC)."),
        manualSync: z.boolean().default(false).describe("Let people sync by hand while the window blocks automated syncs (default false)."),
    })
    .strict();

export const argoCdSchema = z
    .object({
        chartVersion: z
            .string()
            .regex(/^(\d+)\.(\d+)\.(\d+)$/, "expected an exact argo-cd chart version like 10.1.1 (no ranges: upgrades are reviewed)")
            .refine((v) => Number(v.split(".")[0]) >= 10, "the values are written for Argo CD 3.x charts; expected 10.0.0 or later")
            .default(ARGO_CD_CHART_VERSION)
            .describe(`argo-helm argo-cd chart version (https://argoproj.github.io/argo-helm; the values set are checked against ${ARGO_CD_CHART_VERSION}, Argo CD v3.4.4).`),
        domain: z
            .string()
            .regex(HOST, "expected a host name like argocd.example.com or localhost:8080")
            .default("localhost:8080")
            .describe("Host Argo CD is reached at: argocd-cm url is https://<domain> and the SSO redirect https://<domain>/auth/callback (default localhost:8080, the kubectl port-forward)."),
        sso: argoCdSsoSchema
            .optional()
            .describe("Single sign-on through the IdP's OIDC (argocd-cm oidc.config, Dex disabled) and RBAC from its groups. Omit for no SSO (the UI then only through port-forward). Structured: see the sso fields below."),
        adminUser: z
            .boolean()
            .optional()
            .describe("Keep the local admin user. Default: only without sso. When kept, its password is generated by the stack, stored in Secrets Manager (platform/<env>/<region>/argocd/admin, primary region, replicated) and set as a bcrypt hash: never the chart's default."),
        adminPasswordMtime: z.iso
            .datetime({ message: "expected an RFC 3339 UTC time like 2026-01-01T00:00:00Z" })
            .default("2026-01-01T00:00:00Z")
            .describe("argocdServerAdminPasswordMtime, pinned so a render does not log every session out (argo-helm#347); move it forward after rotating the admin password to revoke older sessions (default 2026-01-01T00:00:00Z)."),
        repositoryCredentialsKey: argoCdSecretName
            .default("repository")
            .describe("Secrets Manager secret (relative to platform/<env>/argocd/) with JSON properties `username` and `password` (a read-only token) for the deployment repository (default repository); created outside the stack."),
        exposure: z
            .object({
                ingressClassName: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "expected an IngressClass name like kong").default("kong").describe("IngressClass of the server's Ingress (default kong)."),
            })
            .strict()
            .optional()
            .describe("Expose the Argo CD server through an Ingress at `domain`. Requires sso (refused otherwise, and by the k8s-argocd-not-public-without-sso policy). Default: not exposed (ClusterIP; reach it with kubectl port-forward)."),
        replicas: z
            .int()
            .min(1)
            .max(5)
            .default(1)
            .describe(
                "Replicas of the API server, repo server and ApplicationSet controller (default 1); above one each gets a PodDisruptionBudget (one may go) and the ApplicationSet controller elects a leader. The application controller stays one (no sharding) and Redis is a single cache.",
            ),
        syncWindows: z
            .array(argoCdSyncWindowSchema)
            .max(20)
            .default([])
            .describe("The AppProject's sync windows, e.g. prod change windows (default none: syncs at any time). Structured: see the syncWindows fields below."),
        applicationsSync: z
            .enum(["create-update", "create-only", "create-delete", "sync"])
            .default("create-update")
            .describe(
                "ApplicationSet policy for its Applications (default create-update): removing a service from `services` leaves its Application in place until someone deletes it; create-delete or sync delete the Application with the service. Either way its running workloads stay (preserveResourcesOnDeletion) until deleted by hand.",
            ),
    })
    .strict();
export type ArgoCdConfig = z.infer<typeof argoCdSchema>;

export const gitOpsSchema = z
    .object({
        repositoryUrl: z
            .string()
            .regex(HTTPS_GIT_URL, "expected an HTTPS Git URL like https://github.com/example-org/deployments.git")
            .describe("The services' deployment repository, over HTTPS (Argo CD's repo server reads it with a token from Secrets Manager). No default."),
        targetRevision: z
            .string()
            .regex(GIT_REVISION, "expected a branch, tag or commit like main")
            .default("main")
            .describe("Branch, tag or commit Argo CD tracks (default main)."),
        path: z
            .string()
            .regex(REPOSITORY_PATH, "expected a relative path inside the repository like environments")
            .default("environments")
            .describe("Directory of the rendered workloads in the repository (default environments): one Application per service reads `<path>/<environment>/<region>/<service>`."),
        autoSync: z
            .boolean()
            .default(false)
            .describe("Argo CD syncs every change on its own, pruning removed objects and reverting drift (self-heal). Default false: a person syncs (promotes) each change."),
        argoCd: argoCdSchema
            .prefault({})
            .describe("Argo CD in every region's cluster (components/delivery/argocd.ts): chart pin, SSO and admin, exposure, sync windows. Structured: see the argoCd fields below."),
    })
    .strict();
export type GitOpsConfig = z.infer<typeof gitOpsSchema>;

/** The repository directory of one service's workload in one region: what its Application syncs and `npm run gitops` writes. */
export function gitOpsApplicationPath(gitOps: Pick<GitOpsConfig, "path">, environment: string, region: string, service: string): string {
    return `${gitOps.path.replace(/\/+$/, "")}/${environment}/${region}/${service}`;
}

/** Whether the local admin user is kept: as configured, else only without SSO. */
export function argoCdAdminEnabled(argoCd: Pick<ArgoCdConfig, "adminUser" | "sso">): boolean {
    return argoCd.adminUser ?? argoCd.sso === undefined;
}

/**
 * Cross-field rules of `platform:gitOps`: Argo CD is never exposed without single sign-on, an exposed server
 * needs a real host name (the Ingress's and the SSO callback's), and SSO grants someone access.
 */
export function gitOpsProblems(config: { gitOps?: GitOpsConfig }): Array<{ path: Array<string | number>; message: string }> {
    const argoCd = config.gitOps?.argoCd;
    if (!argoCd) {
        return [];
    }
    const problems: Array<{ path: Array<string | number>; message: string }> = [];
    const at = ["gitOps", "argoCd"];
    if (argoCd.exposure && !argoCd.sso) {
        problems.push({ path: [...at, "exposure"], message: "exposes the Argo CD server without sso; expected gitOps.argoCd.sso to be configured first (or no exposure: reach it with kubectl port-forward)" });
    }
    if (argoCd.exposure && isLocalHost(argoCd.domain)) {
        problems.push({ path: [...at, "domain"], message: `is ${argoCd.domain} while the server is exposed; expected the public host name of its Ingress, like argocd.example.com` });
    }
    if (argoCd.sso && argoCd.sso.adminGroups.length + argoCd.sso.readonlyGroups.length === 0) {
        problems.push({ path: [...at, "sso", "adminGroups"], message: "is empty and so is readonlyGroups: nobody signing in would get access; expected at least one IdP group" });
    }
    return problems;
}

function isLocalHost(domain: string): boolean {
    const host = domain.split(":")[0];
    return host === "localhost" || host.endsWith(".localhost") || host === "127.0.0.1";
}
