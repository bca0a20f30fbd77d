/**
 * What Argo CD owns when `platform:gitOps` is set: per region and service, the directory
 * `gitOpsApplicationPath(gitOps, environment, region, service)` of the deployment repository with
 * - `workload.yaml`: the migration Job (a PreSync hook, primary region only: the secondaries' databases are read
 *   replicas) and the Deployment, or the Rollout of a canary service; the same pure builders Pulumi uses without
 *   GitOps, so both owners run identical pods;
 * - `kustomization.yaml`: `resources: [workload.yaml]` and, where the region pulls from its own ECR replica, an
 *   `images:` entry renaming the primary repository to the region's (the digest stays).
 *
 * The image is named as the services' CI writes it (`.github/workflows/service-ci.yml`, job `gitops`): the primary
 * region's `<registry>/<prefix>/<service>@sha256:<digest>`, in `workload.yaml`, which is the file CI bumps in place.
 * A re-render keeps the digest already there (CI's last bump); before the first bump the configured tag is written.
 * Pure: no Pulumi runtime, no I/O (scripts/gitops.ts reads the old files and writes the new ones).
 */
import { stringify } from "yaml";
import { gitOpsApplicationPath, IMAGE_REFERENCE, PlatformConfig } from "../../config";
import { migrationJobProblems, restrictedPodProblems } from "../../policy/rules/kubernetes/k8sMigrationJobRestricted";
import { rolloutCanaryAnalysisProblems } from "../../policy/rules/kubernetes/k8sRolloutCanaryAnalysis";
import { credentialsSecretName, needsCredentials, serviceConfigMapName } from "../secrets/serviceAccess";
import { migrationJobManifest } from "./migrations";
import { rolloutManifest } from "./rollout";
import { serviceRegistryLocation } from "./services";
import { deploymentManifest, serviceImage, serviceImageRepository, ServiceRegistryLocation } from "./service";

export const WORKLOAD_FILE = "workload.yaml";
export const KUSTOMIZATION_FILE = "kustomization.yaml";
/** What the objects Argo CD applies say about their manager. */
export const GITOPS_MANAGER = "argocd";

export interface KubernetesManifest {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: any;
}

export interface RenderedApplication {
    region: string;
    service: string;
    /** Directory in the deployment repository: `gitOpsApplicationPath(...)`. */
    path: string;
    objects: KubernetesManifest[];
    /** File name -> content. */
    files: Record<string, string>;
    /** The image reference CI bumps (`<primary repository>@sha256:...`), or the configured tag until the first bump. */
    image: string;
    /** True when the image is pinned by digest (CI can bump it). */
    hasDigest: boolean;
}

/** Where CI pushes (the primary region's registry) and where a region's workloads pull from (services.ts). */
function registryLocations(config: PlatformConfig, region: string): { push?: ServiceRegistryLocation; pull?: ServiceRegistryLocation } {
    const primary = config.regions.find((r) => r.role === "primary")!.name;
    return { push: serviceRegistryLocation(config, primary), pull: serviceRegistryLocation(config, region) };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The digest reference of `repository` in a previously rendered (and CI-bumped) file, if any. */
export function existingDigestReference(content: string | undefined, repository: string): string | undefined {
    if (content === undefined) {
        return undefined;
    }
    const match = new RegExp(`${escapeRegExp(repository)}(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?@sha256:[a-f0-9]{64}`).exec(content);
    return match?.[0];
}

/** Relabels a workload as Argo CD's (object and pod template), so nobody mistakes it for Pulumi's. */
function managedByArgoCd<T extends { metadata: { labels?: Record<string, string> }; spec: { template: { metadata: { labels?: Record<string, string> } } } }>(manifest: T): T {
    const relabel = (labels: Record<string, string> | undefined) => ({ ...labels, "app.kubernetes.io/managed-by": GITOPS_MANAGER });
    return {
        ...manifest,
        metadata: { ...manifest.metadata, labels: relabel(manifest.metadata.labels) },
        spec: { ...manifest.spec, template: { ...manifest.spec.template, metadata: { ...manifest.spec.template.metadata, labels: relabel(manifest.spec.template.metadata.labels) } } },
    };
}

export interface RenderOptions {
    /** Content of an application's existing `workload.yaml` (by repository path), to keep the digest CI bumped. */
    existingWorkload?: (path: string) => string | undefined;
    /** Digests to seed (service -> `sha256:<hex>`), e.g. the first release's, where no file names one yet. */
    digests?: Record<string, string>;
}

/** Every application of the stack: regions x services. Throws when `platform:gitOps` is not set. */
export function renderGitOps(config: PlatformConfig, options: RenderOptions = {}): RenderedApplication[] {
    const gitOps = config.gitOps;
    if (!gitOps) {
        throw new Error("platform:gitOps is not set: Pulumi owns the workloads of this stack, there is nothing to render for Argo CD");
    }
    const applications: RenderedApplication[] = [];
    for (const region of config.regions) {
        const { push, pull } = registryLocations(config, region.name);
        for (const [service, settings] of Object.entries(config.services)) {
            const path = gitOpsApplicationPath(gitOps, config.environment, region.name, service);
            const imageArgs = { service, images: config.serviceImages, accountId: config.awsAccountId, region: region.name };
            // The repository CI pushes to and names in this file; its own image when the service pins one.
            const configured = serviceImage({ ...imageArgs, settings, ecr: push });
            const ciRepository = settings.image !== undefined ? (IMAGE_REFERENCE.exec(configured)?.groups?.repository ?? configured) : serviceImageRepository({ ...imageArgs, ecr: push });
            const seeded = options.digests?.[service] !== undefined ? `${ciRepository}@${options.digests[service]}` : undefined;
            const image = existingDigestReference(options.existingWorkload?.(path), ciRepository) ?? seeded ?? configured;
            const namespace = service;
            const objects: KubernetesManifest[] = [];
            const migrations = region.role === "primary" ? settings.migrations : undefined;
            if (migrations) {
                objects.push(migrationJobManifest({ service, namespace, migrations, image: migrations.image ?? image, configMapName: serviceConfigMapName(service), hook: true }));
            }
            const workloadArgs = { service, namespace, settings, image, configMapName: serviceConfigMapName(service), secretName: secretNameOf(config, region, service) };
            if (settings.canary) {
                objects.push(managedByArgoCd(rolloutManifest({ ...workloadArgs, canary: settings.canary })));
            } else {
                objects.push(managedByArgoCd({ apiVersion: "apps/v1", kind: "Deployment", ...deploymentManifest(workloadArgs) }));
            }
            const regionalRepository = pull ? serviceImageRepository({ ...imageArgs, ecr: pull }) : ciRepository;
            const kustomization: Record<string, unknown> = { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: [WORKLOAD_FILE] };
            if (settings.image === undefined && regionalRepository !== ciRepository) {
                // Replication keeps the digest: the region pulls the same image from its own registry.
                kustomization.images = [{ name: ciRepository, newName: regionalRepository }];
            }
            const header = `# Rendered by \`npm run gitops -- <stack>\` from the platform's stack configuration (${config.environment}, ${region.name}, ${service}).\n# Edit the stack configuration, not this file; the services' CI replaces the image digest in ${WORKLOAD_FILE}.\n`;
            applications.push({
                region: region.name,
                service,
                path,
                objects,
                image,
                hasDigest: /@sha256:[a-f0-9]{64}$/.test(image),
                files: {
                    [WORKLOAD_FILE]: header + objects.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })).join("---\n"),
                    [KUSTOMIZATION_FILE]: header + stringify(kustomization, { lineWidth: 0, aliasDuplicateObjects: false }),
                },
            });
        }
    }
    return applications;
}

/** The credentials Secret service access renders in a region (Redis users, where the region has Redis). */
function secretNameOf(config: PlatformConfig, region: PlatformConfig["regions"][number], service: string): string | undefined {
    const redisHere = region.role === "primary" || config.redis.inSecondaryRegions;
    return needsCredentials(config.services[service].dataStores, { redis: redisHere }) ? credentialsSecretName(service) : undefined;
}

/**
 * What the pack's mandatory Kubernetes rules say about the rendered objects: the migration rule, the canary
 * analysis rule and Pod Security restricted on every pod template. Empty when they may be written.
 */
export function gitOpsManifestProblems(applications: RenderedApplication[]): string[] {
    const problems: string[] = [];
    for (const app of applications) {
        for (const object of app.objects) {
            const where = `${app.path}/${WORKLOAD_FILE}: ${object.kind} ${object.metadata.namespace}/${object.metadata.name}`;
            const found = [
                ...migrationJobProblems(object),
                ...rolloutCanaryAnalysisProblems(object),
                ...restrictedPodProblems({ kind: "Job", spec: object.spec?.template?.spec ?? {}, path: "spec.template.spec" }),
            ];
            problems.push(...[...new Set(found)].map((p) => `${where}: ${p}`));
        }
    }
    return problems;
}
