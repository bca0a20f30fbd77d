/**
 * External Secrets Operator: the pure documents (read policy, chart values, store manifest), the chart
 * version rules, and the synthesized operator per cluster (pinned Helm release in its own namespace, IRSA
 * role pinned to its service account and scoped to this environment's secrets, a v1 ClusterSecretStore),
 * plus the per-service ExternalSecrets: exactly the credentials each service's data stores need.
 */
import * as assert from "assert";
import {
    CLUSTER_SECRET_STORE_NAME,
    clusterSecretStoreManifest,
    EXTERNAL_SECRETS_API_VERSION,
    externalSecretsHelmValues,
    externalSecretsReadPolicy,
    platformSecretsArnPattern,
} from "../../components/secrets/externalSecrets";
import { SERVICE_NAMES, validateConfig } from "../../config";
import { EXTERNAL_SECRETS_CHART_VERSION } from "../../config/sections/secrets";
import { revealSecrets } from "../../offline/secrets";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { assertConfigProblem, sourceOf, stackConfig, withSection } from "../datastores/support";
import { dependentsOf, ofType, single, synthesizeStack } from "../support/synthesis";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const STORE = "kubernetes:external-secrets.io/v1:ClusterSecretStore";
const EXTERNAL_SECRET = "kubernetes:external-secrets.io/v1:ExternalSecret";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const REDIS_SECRET = "aws:secretsmanager/secret:Secret";

function operatorRole(result: SynthesisResult, regionCode: string): SynthesizedResource {
    return single(result, ROLE, `-${regionCode}-external-secrets-role`);
}

function policyOf(resource: SynthesizedResource): any {
    return JSON.parse(revealSecrets(resource.inputs.policy));
}

/** The data entries of a service's ExternalSecret in a region, or undefined when it has none. */
function secretDataOf(result: SynthesisResult, regionCode: string, service: string): Array<{ secretKey: string; remoteRef: { key: string; property: string } }> | undefined {
    const matches = ofType(result, EXTERNAL_SECRET).filter((r) => r.name === `${result.stack}-${regionCode}-service-access-${service}-credentials`);
    return matches.length === 0 ? undefined : matches[0].inputs.spec.data;
}

describe("external secrets: pure documents", () => {
    it("scopes the environment's secrets by ARN pattern", () => {
        assert.strictEqual(
            platformSecretsArnPattern({ region: "us-east-1", accountId: "111122223333", environment: "dev" }),
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:platform/dev/*",
        );
    });

    it("lets the operator read (not list or write) those secrets and decrypt only through Secrets Manager", () => {
        const policy = externalSecretsReadPolicy({
            secretsArnPattern: "arn:aws:secretsmanager:us-east-1:1:secret:platform/dev/*",
            extraSecretArns: ["arn:aws:secretsmanager:us-east-1:1:secret:rds!db-1"],
            dataKeyArn: "arn:aws:kms:us-east-1:1:key/k",
            secretsRegion: "us-east-1",
        });
        assert.deepStrictEqual(policy.Statement, [
            {
                Sid: "ReadEnvironmentSecrets",
                Effect: "Allow",
                Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                Resource: ["arn:aws:secretsmanager:us-east-1:1:secret:platform/dev/*", "arn:aws:secretsmanager:us-east-1:1:secret:rds!db-1"],
            },
            {
                Sid: "DecryptWithDataKey",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: "arn:aws:kms:us-east-1:1:key/k",
                Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
            },
        ]);
    });

    it("annotates the chart's service account with the role, electing a leader only with several replicas", () => {
        const one = externalSecretsHelmValues({ roleArn: "arn:aws:iam::1:role/eso", replicas: 1 }) as any;
        assert.strictEqual(one.serviceAccount.name, "external-secrets");
        assert.strictEqual(one.serviceAccount.annotations["eks.amazonaws.com/role-arn"], "arn:aws:iam::1:role/eso");
        assert.strictEqual(one.installCRDs, true);
        assert.deepStrictEqual([one.replicaCount, one.leaderElect, one.podDisruptionBudget.enabled], [1, false, false]);
        const two = externalSecretsHelmValues({ roleArn: "r", replicas: 2 }) as any;
        assert.deepStrictEqual([two.replicaCount, two.leaderElect, two.podDisruptionBudget.enabled], [2, true, true]);
    });

    it("writes the store against external-secrets.io/v1, authenticated as the operator's service account, for the listed namespaces", () => {
        const store = clusterSecretStoreManifest({ region: "us-east-1", namespaces: ["bff", "document"] });
        assert.strictEqual(store.apiVersion, "external-secrets.io/v1");
        assert.strictEqual(store.kind, "ClusterSecretStore");
        assert.deepStrictEqual(store.spec, {
            provider: {
                aws: { service: "SecretsManager", region: "us-east-1", auth: { jwt: { serviceAccountRef: { name: "external-secrets", namespace: "external-secrets" } } } },
            },
            conditions: [{ namespaces: ["bff", "document"] }],
        });
    });
});

describe("external secrets: configuration", () => {
    it("defaults to the pinned chart that serves external-secrets.io/v1", () => {
        const raw = stackConfig("dev");
        delete raw.externalSecrets;
        assert.deepStrictEqual(validateConfig(raw).externalSecrets, { chartVersion: EXTERNAL_SECRETS_CHART_VERSION, replicas: 1, refreshInterval: "1h" });
        assert.strictEqual(EXTERNAL_SECRETS_CHART_VERSION, "2.10.0");
    });

    it("rejects version ranges, charts that still serve v1beta1, bad intervals and unknown keys, naming the key", () => {
        const dev = () => stackConfig("dev");
        assertConfigProblem(withSection(dev(), "externalSecrets", { chartVersion: "^2.10.0" }), "platform:externalSecrets.chartVersion", /exact chart version/);
        assertConfigProblem(withSection(dev(), "externalSecrets", { chartVersion: "0.16.2" }), "platform:externalSecrets.chartVersion", /still serve v1beta1/);
        assertConfigProblem(withSection(dev(), "externalSecrets", { refreshInterval: "0m" }), "platform:externalSecrets.refreshInterval", /duration like 15m/);
        assertConfigProblem(withSection(dev(), "externalSecrets", { namespace: "eso" }), "platform:externalSecrets.namespace", /unknown key/);
        assert.doesNotThrow(() => validateConfig(withSection(dev(), "externalSecrets", { chartVersion: "0.17.0" })));
    });
});

describe("external secrets: synthesized", () => {
    let dev: SynthesisResult;
    let prod: SynthesisResult;
    before(async function () {
        this.timeout(300_000); // shared with the other specs through the synthesis cache
        dev = await synthesizeStack("dev");
        prod = await synthesizeStack("prod");
    });

    it("installs the pinned chart from the official repository into the external-secrets namespace (restricted), per cluster", () => {
        for (const [result, codes] of [
            [dev, ["use1"]],
            [prod, ["use1", "usw2"]],
        ] as Array<[SynthesisResult, string[]]>) {
            const releases = ofType(result, RELEASE).filter((r) => r.inputs.chart === "external-secrets");
            assert.strictEqual(releases.length, codes.length);
            for (const code of codes) {
                const release = single(result, RELEASE, `-${code}-external-secrets-release`);
                assert.strictEqual(release.inputs.version, "2.10.0");
                assert.deepStrictEqual(release.inputs.repositoryOpts, { repo: "https://charts.external-secrets.io" });
                assert.strictEqual(release.inputs.namespace, "external-secrets");
                const namespace = sourceOf(result, release, "namespace", NAMESPACE);
                assert.strictEqual(namespace.inputs.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
                assert.strictEqual(release.inputs.values.serviceAccount.name, "external-secrets");
                assert.ok(release.provider?.includes(`-${code}-cluster-k8s`), `release of ${code} deployed through ${release.provider}`);

                // The chart's service account carries exactly the operator's role.
                const role = operatorRole(result, code);
                assert.strictEqual(sourceOf(result, release, "values", ROLE).urn, role.urn);
                assert.match(release.inputs.values.serviceAccount.annotations["eks.amazonaws.com/role-arn"], new RegExp(`:role/${role.name}`));
            }
            const prodLike = result.stack === "prod";
            assert.strictEqual(single(result, RELEASE, "-use1-external-secrets-release").inputs.values.replicaCount, prodLike ? 2 : 1);
        }
    });

    it("trusts only the operator's service account (sub and aud pinned) through its cluster's OIDC provider", () => {
        for (const code of ["use1", "usw2"]) {
            const role = operatorRole(prod, code);
            const provider = sourceOf(prod, role, "assumeRolePolicy", "eks:index:Cluster");
            assert.ok(provider.name.startsWith(`prod-${code}-`), `${role.name} trusts ${provider.name}`);
            const [statement] = JSON.parse(role.inputs.assumeRolePolicy).Statement;
            assert.match(statement.Principal.Federated, /:oidc-provider\/oidc\.eks\./);
            const conditions = statement.Condition.StringEquals;
            const issuer = statement.Principal.Federated.split("oidc-provider/")[1];
            assert.deepStrictEqual(conditions, { [`${issuer}:sub`]: "system:serviceaccount:external-secrets:external-secrets", [`${issuer}:aud`]: "sts.amazonaws.com" });
        }
    });

    it("reads only platform/<env>/* in the primary region (never the Postgres master secret: the bootstrap has its own store), decrypting with its data key", () => {
        for (const [result, codes] of [
            [dev, ["use1"]],
            [prod, ["use1", "usw2"]],
        ] as Array<[SynthesisResult, string[]]>) {
            for (const code of codes) {
                const [policyResource] = dependentsOf(result, operatorRole(result, code), "role").filter((r) => r.type === ROLE_POLICY);
                const [read, decrypt] = policyOf(policyResource).Statement;
                assert.deepStrictEqual(read.Action, ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]);
                assert.strictEqual(read.Resource[0], `arn:aws:secretsmanager:us-east-1:${accountOf(result)}:secret:platform/${result.stack}/*`);
                assert.strictEqual(read.Resource.length, 1, "the master secret is read through the database bootstrap's own store");
                assert.strictEqual(decrypt.Action, "kms:Decrypt");
                assert.ok(sourceOf(result, policyResource, "policy", "aws:kms/key:Key").name.endsWith("-use1-keys-data"));
                assert.deepStrictEqual(decrypt.Condition, { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } });
            }
        }
    });

    it("creates one v1 ClusterSecretStore per cluster, on Secrets Manager in the primary region, after the Helm release, for the service namespaces only", () => {
        for (const code of ["use1", "usw2"]) {
            const store = single(prod, STORE, `-${code}-external-secrets-store`);
            assert.strictEqual(store.inputs.apiVersion, EXTERNAL_SECRETS_API_VERSION);
            assert.strictEqual(store.inputs.metadata.name, CLUSTER_SECRET_STORE_NAME);
            assert.strictEqual(store.inputs.spec.provider.aws.service, "SecretsManager");
            assert.strictEqual(store.inputs.spec.provider.aws.region, "us-east-1");
            // The database bootstrap reads its secret through its own namespaced store, not this one.
            assert.deepStrictEqual([...store.inputs.spec.conditions[0].namespaces].sort(), [...SERVICE_NAMES].sort());
            assert.ok(store.options.dependsOn.includes(single(prod, RELEASE, `-${code}-external-secrets-release`).urn));
        }
        assert.ok(!JSON.stringify(prod.resources.map((r) => r.inputs.apiVersion)).includes("v1beta1"), "a manifest still uses external-secrets.io/v1beta1");
    });

    it("materialises exactly each service's credentials, per its dataStores, and nothing for services that need none", () => {
        const expected: Record<string, string[] | undefined> = {
            bff: ["REDIS_PASSWORD"],
            contractor: ["REDIS_PASSWORD"],
            // Postgres, Atlas and S3 only: IAM authentication, so no secret at all.
            document: undefined,
            verification: undefined,
            realtime: ["REDIS_PASSWORD"],
            gamification: ["REDIS_PASSWORD"],
            notification: undefined,
        };
        for (const [result, codes] of [
            [dev, ["use1"]],
            [prod, ["use1", "usw2"]],
        ] as Array<[SynthesisResult, string[]]>) {
            for (const code of codes) {
                // Each region's services use their own region's cache (prod runs one per region), whose secret
                // lives with every other platform secret in the primary region, where the stores read.
                const redisSecret = single(result, REDIS_SECRET, `-${code}-redis-credentials`);
                assert.strictEqual(redisSecret.region, "us-east-1");
                for (const [service, keys] of Object.entries(expected)) {
                    const data = secretDataOf(result, code, service);
                    assert.deepStrictEqual(data?.map((d) => d.secretKey), keys, `${result.stack}/${code}/${service}`);
                    for (const entry of data ?? []) {
                        assert.match(entry.remoteRef.key, new RegExp(`:secret:${redisSecret.inputs.name}-`));
                        assert.strictEqual(entry.remoteRef.property, "password");
                    }
                }
            }
        }
    });

    it("puts each ExternalSecret in its service's namespace, targeting <service>-credentials through the store, after the operator is up", () => {
        const secrets = ofType(prod, EXTERNAL_SECRET).filter((s) => s.name.includes("-service-access-"));
        assert.strictEqual(secrets.length, 8, "the four services that use Redis, in each of two regions");
        for (const secret of secrets) {
            const code = /^prod-(\w+)-service-access-/.exec(secret.name)![1];
            const service = /-service-access-(\w+)-credentials$/.exec(secret.name)![1];
            assert.strictEqual(secret.inputs.apiVersion, "external-secrets.io/v1");
            assert.strictEqual(secret.inputs.metadata.namespace, service);
            assert.strictEqual(sourceOf(prod, secret, "metadata", NAMESPACE).inputs.metadata.name, service);
            assert.deepStrictEqual(secret.inputs.spec.secretStoreRef, { kind: "ClusterSecretStore", name: CLUSTER_SECRET_STORE_NAME });
            assert.deepStrictEqual(secret.inputs.spec.target, { name: `${service}-credentials`, creationPolicy: "Owner" });
            assert.strictEqual(secret.inputs.spec.refreshInterval, "15m");
            const release = single(prod, RELEASE, `-${code}-external-secrets-release`);
            const store = single(prod, STORE, `-${code}-external-secrets-store`);
            assert.ok(secret.options.dependsOn.includes(release.urn) && secret.options.dependsOn.includes(store.urn), `${secret.name} does not wait for the operator`);
        }
        assert.strictEqual(single(dev, EXTERNAL_SECRET, "-use1-service-access-bff-credentials").inputs.spec.refreshInterval, "1h");
    });

    it("adds the Redis username when Redis uses RBAC users", async function () {
        this.timeout(120_000);
        const raw = stackConfig("dev");
        const result = await synthesizeStack("dev", { redis: { ...raw.redis, authMode: "rbac" } });
        assert.deepStrictEqual(secretDataOf(result, "use1", "bff")?.map((d) => [d.secretKey, d.remoteRef.property]), [
            ["REDIS_USERNAME", "username"],
            ["REDIS_PASSWORD", "password"],
        ]);
    });
});

function accountOf(result: SynthesisResult): string {
    return validateConfig(stackConfig(result.stack)).awsAccountId;
}
