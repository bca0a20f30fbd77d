/**
 * External secrets, as a user of the platform relies on them: each service namespace pulls, through its own
 * SecretStore, exactly the secrets its service needs and nothing else; no namespace (nor the operator) can
 * reach the RDS master secret or another service's secrets. Proven on the prod synthesis by evaluating the
 * IAM policies of every role (tests/support/iamAccess.ts) against the secrets the stack actually references.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { secretStoreManifest, serviceSecretsArnPattern } from "../../components/secrets/externalSecrets";
import { validateConfig } from "../../config";
import { EXTERNAL_SECRETS_CHART_VERSION } from "../../config/sections/secrets";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { assertConfigProblem, sourcesOf, stackConfig, withSection } from "../datastores/support";
import { documentsAllow, iamMatch, rolePermissions, trustedServiceAccounts } from "../support/iamAccess";
import { SchemaFragment, schemaProblems } from "../support/schemaFragment";
import { ofType, single, synthesizeStack } from "../support/synthesis";

/** The services a stack configures (the set is data). */
const servicesOf = (stack: string): string[] => Object.keys(validateConfig(stackConfig(stack)).services);

const RELEASE = "kubernetes:helm.sh/v3:Release";
const STORE = "kubernetes:external-secrets.io/v1:SecretStore";
const CLUSTER_STORE = "kubernetes:external-secrets.io/v1:ClusterSecretStore";
const EXTERNAL_SECRET = "kubernetes:external-secrets.io/v1:ExternalSecret";
const SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount";
const ROLE = "aws:iam/role:Role";
const SECRET = "aws:secretsmanager/secret:Secret";
const READ = "secretsmanager:GetSecretValue";

/** Service roles as the cluster knows them: the role ARN a namespace's ServiceAccount carries. */
function roleOfServiceAccount(result: SynthesisResult, sa: SynthesizedResource): SynthesizedResource {
    const arn: string = sa.inputs.metadata.annotations["eks.amazonaws.com/role-arn"];
    const roles = ofType(result, ROLE).filter((r) => (sa.propertyDependencies.metadata ?? []).includes(r.urn));
    assert.strictEqual(roles.length, 1, `${sa.name} carries ${arn}, which is not one role of the stack`);
    return roles[0];
}

function accountOf(result: SynthesisResult): string {
    return validateConfig(stackConfig(result.stack)).awsAccountId;
}

/** Vendored upstream schema fragments (source and version inside each file). */
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8"));
const CHART_VALUES: SchemaFragment = { type: "object", ...fixture("external-secrets-chart-values-schema.json") };
const CRDS: Record<"SecretStore" | "ExternalSecret", SchemaFragment> = fixture("external-secrets-v1-crd-fragments.json");

const regionCodeOf = (name: string) => /^\w+-(\w+?)-/.exec(name)![1];

describe("external secrets: configuration", () => {
    it("defaults to the pinned chart that serves external-secrets.io/v1", () => {
        const raw = stackConfig("dev");
        delete raw.externalSecrets;
        assert.deepStrictEqual(validateConfig(raw).externalSecrets, { chartVersion: EXTERNAL_SECRETS_CHART_VERSION, replicas: 1, refreshInterval: "1h" });
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

describe("external secrets: a service's path is its own", () => {
    it("does not let one service's pattern cover a service whose name merely starts with it", () => {
        const pattern = serviceSecretsArnPattern({ region: "us-east-1", accountId: "111122223333", environment: "prod", service: "bff" });
        assert.ok(iamMatch(pattern, "arn:aws:secretsmanager:us-east-1:111122223333:secret:platform/prod/bff/push-key-AbCdEf"));
        assert.ok(!iamMatch(pattern, "arn:aws:secretsmanager:us-east-1:111122223333:secret:platform/prod/bff-admin/key-AbCdEf"));
        assert.ok(!iamMatch(pattern, "arn:aws:secretsmanager:us-east-1:111122223333:secret:platform/staging/bff/key-AbCdEf"));
    });

    it("writes a namespaced store whose identity ESO resolves in the store's own namespace (no namespace field to point elsewhere)", () => {
        const store = secretStoreManifest({ namespace: "bff", region: "us-east-1", serviceAccount: "bff" });
        assert.strictEqual(store.kind, "SecretStore");
        assert.strictEqual(store.metadata.namespace, "bff");
        assert.deepStrictEqual(store.spec.provider.aws.auth.jwt.serviceAccountRef, { name: "bff" });
    });
});

describe("external secrets: prod synthesis", () => {
    let prod: SynthesisResult;
    let dev: SynthesisResult;
    before(async function () {
        this.timeout(300_000); // shared with the other specs through the synthesis cache
        prod = await synthesizeStack("prod");
        dev = await synthesizeStack("dev");
    });

    /** Every secret ARN some ExternalSecret of the stack pulls (Redis credentials, the RDS master secret, ...). */
    function referencedSecretArns(result: SynthesisResult): string[] {
        const keys = ofType(result, EXTERNAL_SECRET).flatMap((es) => (es.inputs.spec.data ?? []).map((d: any) => d.remoteRef.key as string));
        return [...new Set(keys)];
    }

    function masterSecretArns(result: SynthesisResult): string[] {
        // RDS names the secret it manages for the master user rds!db-<uuid>; the stack-owned one (with a replica,
        // postgres.masterUserManagement: stack) is rds-master/<env>/<instance>.
        return referencedSecretArns(result).filter((arn) => /:secret:(rds!|rds-master\/)/.test(arn));
    }

    function redisSecretArn(result: SynthesisResult, regionCode: string): string {
        const secret = single(result, SECRET, `-${regionCode}-redis-credentials`);
        const arns = referencedSecretArns(result).filter((arn) => arn.includes(`:secret:${secret.inputs.name}-`));
        assert.strictEqual(arns.length, 1, `the ${regionCode} Redis secret is referenced ${arns.length} times`);
        return arns[0];
    }

    /** A secret a service team could add under its own path, as Secrets Manager would name it (or its replica in `region`). */
    function ownSecretProbe(result: SynthesisResult, service: string, region = "us-east-1"): string {
        return `arn:aws:secretsmanager:${region}:${accountOf(result)}:secret:platform/${result.stack}/${service}/api-key-Ab12Cd`;
    }

    const REGION_OF: Record<string, string> = { use1: "us-east-1", usw2: "us-west-2" };

    function serviceAccountOf(result: SynthesisResult, regionCode: string, service: string): SynthesizedResource {
        return single(result, SERVICE_ACCOUNT, `-${regionCode}-service-access-${service}-sa`);
    }

    it("sets only chart values the chart defines, with the chart's types (an unknown key would be ignored silently)", () => {
        for (const result of [dev, prod]) {
            for (const release of ofType(result, RELEASE).filter((r) => r.inputs.chart === "external-secrets")) {
                assert.deepStrictEqual(schemaProblems(release.inputs.values, CHART_VALUES), [], release.name);
            }
        }
        // The checker itself notices a misspelt key.
        assert.match(schemaProblems({ processClusterStores: false }, CHART_VALUES)[0], /processClusterStores: not a field/);
    });

    it("writes SecretStores and ExternalSecrets that the v1 CRDs accept", () => {
        const stores = ofType(prod, STORE);
        const externalSecrets = ofType(prod, EXTERNAL_SECRET);
        assert.ok(stores.length > 0 && externalSecrets.length > 0);
        for (const store of stores) {
            assert.strictEqual(store.inputs.apiVersion, "external-secrets.io/v1");
            assert.deepStrictEqual(schemaProblems(store.inputs.spec, CRDS.SecretStore), [], store.name);
        }
        for (const es of externalSecrets) {
            assert.strictEqual(es.inputs.apiVersion, "external-secrets.io/v1");
            assert.deepStrictEqual(schemaProblems(es.inputs.spec, CRDS.ExternalSecret), [], es.name);
        }
        assert.match(schemaProblems({ provider: { aws: { service: "SecretsManager" } } }, CRDS.SecretStore).join(), /region: required/);
    });

    it("references the RDS master secret somewhere, so the checks below are not vacuous", function () {
        if (masterSecretArns(prod).length === 0) {
            // The database bootstrap pulls it; without it there is nothing to protect, but say so loudly.
            assert.fail("no ExternalSecret references the RDS master secret: the database bootstrap is missing");
        }
    });

    it("lets no role read the RDS master secret except the database bootstrap's", () => {
        const master = masterSecretArns(prod);
        for (const role of ofType(prod, ROLE)) {
            const trusted = trustedServiceAccounts(role);
            if (trusted.length > 0 && trusted.every((sa) => sa.startsWith("platform-db:"))) {
                continue; // the bootstrap's own role: the one reader by design
            }
            const permissions = rolePermissions(prod, role);
            for (const arn of master) {
                assert.ok(!documentsAllow(permissions.documents, READ, arn), `${role.name} (trusted by ${trusted.join(", ") || "an AWS service"}) can read the RDS master secret`);
            }
            // AWS-managed policies are vetted by name: none of these grants secretsmanager:GetSecretValue. The four
            // AWS Backup policies (DR backup service role, trusted by backup.amazonaws.com only) were added without a
            // statement-by-statement review of their current versions: recheck them before relying on this list.
            for (const managed of permissions.awsManagedPolicyArns) {
                assert.ok(
                    /policy\/(AmazonEKSWorkerNodePolicy|AmazonEKS_CNI_Policy|AmazonEC2ContainerRegistryReadOnly|AmazonEC2ContainerRegistryPullOnly|AmazonSSMManagedInstanceCore|service-role\/AmazonRDSEnhancedMonitoringRole|service-role\/AmazonEBSCSIDriverPolicy|service-role\/AWSBackupServiceRolePolicyForBackup|service-role\/AWSBackupServiceRolePolicyForRestores|AWSBackupServiceRolePolicyForS3Backup|AWSBackupServiceRolePolicyForS3Restore)$/.test(
                        managed,
                    ),
                    `${role.name} has ${managed} attached; check whether it can read secrets and add it here if not`,
                );
            }
        }
    });

    it("gives the External Secrets Operator no AWS identity and no cluster-wide store anyone could borrow", () => {
        for (const result of [dev, prod]) {
            assert.deepStrictEqual(ofType(result, CLUSTER_STORE), [], "a ClusterSecretStore serves every namespace with one identity");
            const operatorRoles = ofType(result, ROLE).filter((r) => trustedServiceAccounts(r).some((sa) => sa.startsWith("external-secrets:")));
            assert.deepStrictEqual(operatorRoles.map((r) => r.name), []);
            for (const release of ofType(result, RELEASE).filter((r) => r.inputs.chart === "external-secrets")) {
                const values = release.inputs.values;
                assert.strictEqual(values.serviceAccount.annotations?.["eks.amazonaws.com/role-arn"], undefined, `${release.name}: a store without auth would use this role`);
                assert.strictEqual(values.processClusterStore, false, `${release.name}: the controller would serve a ClusterSecretStore someone adds later`);
            }
        }
    });

    it("lets each service role read exactly its own path and the Redis secret of the cache it uses, in its own region, nothing else", () => {
        const services = Object.entries(validateConfig(stackConfig("prod")).services);
        for (const code of ["use1", "usw2"]) {
            const redis = redisSecretArn(prod, code);
            // The standby reads the replica in its own region, so it keeps its credentials when the primary is down.
            assert.ok(redis.startsWith(`arn:aws:secretsmanager:${REGION_OF[code]}:`), `${code} reads ${redis}`);
            // Every secret a role could plausibly reach: everything the stack references, and every service's own
            // path in both regions (the primary's and its replica), and both regions' copies of each Redis secret.
            const referenced = referencedSecretArns(prod);
            const universe = [
                ...referenced,
                ...referenced.flatMap((arn) => Object.values(REGION_OF).map((region) => arn.replace(/^(arn:aws:secretsmanager:)[a-z0-9-]+:/, `$1${region}:`))),
                ...servicesOf("prod").flatMap((s) => Object.values(REGION_OF).map((region) => ownSecretProbe(prod, s, region))),
            ];
            for (const [service, settings] of services) {
                const role = roleOfServiceAccount(prod, serviceAccountOf(prod, code, service));
                const { documents } = rolePermissions(prod, role);
                const readable = [...new Set(universe.filter((arn) => documentsAllow(documents, READ, arn)))].sort();
                const expected = [ownSecretProbe(prod, service, REGION_OF[code]), ...(settings.dataStores.includes("redis") ? [redis] : [])].sort();
                assert.deepStrictEqual(readable, expected, `${code}/${service}`);
            }
        }
    });

    it("replicates each Redis secret the services read to every secondary region, under that region's data key", () => {
        for (const code of ["use1", "usw2"]) {
            const secret = single(prod, SECRET, `-${code}-redis-credentials`);
            // Both live in the primary region (the platform's secrets home), each with a replica in us-west-2.
            assert.deepStrictEqual(secret.inputs.replicas.map((r: any) => r.region), ["us-west-2"], secret.name);
            const keys = sourcesOf(prod, secret, "replicas").filter((r) => r.type === "aws:kms/key:Key");
            assert.deepStrictEqual(keys.map((k) => k.name), ["prod-usw2-keys-data"], `${secret.name}: the replica is encrypted with us-west-2's data key`);
        }
        // dev has one region: nothing to replicate to.
        assert.deepStrictEqual(single(dev, SECRET, "-use1-redis-credentials").inputs.replicas ?? [], []);
    });

    it("lets a region's roles decrypt secrets only with that region's data key, through that region's Secrets Manager", () => {
        for (const code of ["use1", "usw2"]) {
            const role = roleOfServiceAccount(prod, serviceAccountOf(prod, code, "bff"));
            const statement = rolePermissions(prod, role)
                .documents.flatMap((d: any) => d.Statement)
                .find((s: any) => s.Sid === "DecryptOwnSecrets");
            assert.deepStrictEqual(statement.Condition, { StringEquals: { "kms:ViaService": `secretsmanager.${REGION_OF[code]}.amazonaws.com` } });
            const policy = ofType(prod, "aws:iam/rolePolicy:RolePolicy").find((p) => (p.propertyDependencies.role ?? []).includes(role.urn))!;
            const keys = sourcesOf(prod, policy, "policy").filter((r) => r.type === "aws:kms/key:Key" && r.name.endsWith("-keys-data"));
            assert.deepStrictEqual(keys.map((k) => k.name), [`prod-${code}-keys-data`], `${code}: a standby role needs no key of the primary region`);
        }
    });

    it("gives every service namespace its own store, authenticated as that namespace's service account (whose role is the service's)", () => {
        for (const code of ["use1", "usw2"]) {
            const stores = ofType(prod, STORE).filter((s) => s.name.startsWith(`prod-${code}-service-access-`));
            assert.deepStrictEqual(stores.map((s) => s.inputs.metadata.namespace).sort(), [...servicesOf("prod")].sort());
            for (const store of stores) {
                const namespace = store.inputs.metadata.namespace;
                const aws = store.inputs.spec.provider.aws;
                assert.deepStrictEqual([aws.service, aws.region], ["SecretsManager", REGION_OF[code]], "each region's stores read its own region (replicas in the secondaries)");
                const sa = ofType(prod, SERVICE_ACCOUNT).find((s) => s.name.startsWith(`prod-${code}-`) && s.inputs.metadata.namespace === namespace && s.inputs.metadata.name === aws.auth.jwt.serviceAccountRef.name);
                assert.ok(sa, `${store.name}: no ServiceAccount ${aws.auth.jwt.serviceAccountRef.name} in ${namespace}`);
                assert.deepStrictEqual(trustedServiceAccounts(roleOfServiceAccount(prod, sa)), [`${namespace}:${sa.inputs.metadata.name}`]);
                assert.ok(store.options.dependsOn.includes(single(prod, RELEASE, `-${code}-external-secrets-release`).urn), "the SecretStore CRD comes with the chart");
            }
        }
    });

    it("delivers each service its credentials: its ExternalSecret uses its own namespace's store, whose role can read every key it asks for", () => {
        const secrets = ofType(prod, EXTERNAL_SECRET).filter((s) => s.name.includes("-service-access-"));
        assert.ok(secrets.length > 0);
        for (const es of secrets) {
            const code = regionCodeOf(es.name);
            const namespace = es.inputs.metadata.namespace;
            assert.strictEqual(es.inputs.spec.secretStoreRef.kind, "SecretStore", `${es.name} uses a cluster-wide store`);
            const store = ofType(prod, STORE).find((s) => s.name.startsWith(`prod-${code}-`) && s.inputs.metadata.namespace === namespace && s.inputs.metadata.name === es.inputs.spec.secretStoreRef.name);
            assert.ok(store, `${es.name}: no store ${es.inputs.spec.secretStoreRef.name} in ${namespace}`);
            assert.ok(es.options.dependsOn.includes(store.urn), `${es.name} does not wait for its store`);
            const sa = ofType(prod, SERVICE_ACCOUNT).find((s) => s.name.startsWith(`prod-${code}-`) && s.inputs.metadata.namespace === namespace && s.inputs.metadata.name === store.inputs.spec.provider.aws.auth.jwt.serviceAccountRef.name)!;
            const { documents } = rolePermissions(prod, roleOfServiceAccount(prod, sa));
            for (const entry of es.inputs.spec.data) {
                assert.ok(documentsAllow(documents, READ, entry.remoteRef.key), `${es.name}: its store cannot read ${entry.remoteRef.key}`);
            }
        }
    });
});

describe("external secrets: the IAM evaluator these checks rely on", () => {
    const doc = (Statement: any[]) => ({ Statement });
    it("matches IAM wildcards, lets an explicit Deny win and honours NotAction/NotResource", () => {
        const arn = "arn:aws:secretsmanager:us-east-1:1:secret:rds!db-1-AbCdEf";
        assert.ok(documentsAllow([doc([{ Effect: "Allow", Action: "secretsmanager:*", Resource: "*" }])], READ, arn));
        assert.ok(documentsAllow([doc([{ Effect: "Allow", Action: "SecretsManager:Get*", Resource: "arn:aws:secretsmanager:*:1:secret:rds!*" }])], READ, arn));
        assert.ok(!documentsAllow([doc([{ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Deny", Action: READ, Resource: arn }])], READ, arn));
        assert.ok(documentsAllow([doc([{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }])], READ, arn));
        assert.ok(!documentsAllow([doc([{ Effect: "Allow", Action: "*", NotResource: "arn:aws:secretsmanager:*:*:secret:rds!*" }])], READ, arn));
        assert.ok(!documentsAllow([doc([{ Effect: "Allow", Action: "secretsmanager:DescribeSecret", Resource: "*" }])], READ, arn));
    });
});
