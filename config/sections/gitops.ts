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
    })
    .strict();
export type GitOpsConfig = z.infer<typeof gitOpsSchema>;

/** The repository directory of one service's workload in one region: what its Application syncs and `npm run gitops` writes. */
export function gitOpsApplicationPath(gitOps: Pick<GitOpsConfig, "path">, environment: string, region: string, service: string): string {
    return `${gitOps.path.replace(/\/+$/, "")}/${environment}/${region}/${service}`;
}
