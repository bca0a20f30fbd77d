/**
 * Secrets hygiene: no secret in plaintext in the stack files, in stack outputs, or in the preview JSON.
 * Generated passwords (random.RandomPassword) reach only secret-wrapped inputs, and `toJsonDocument`
 * prints them as `[secret]`.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { mockResourceState } from "../../offline/mocks";
import { toJsonDocument } from "../../offline/render";
import { maskSecrets, revealSecrets, SECRET_MASK } from "../../offline/secrets";
import { availableStacks } from "../../offline/stackFiles";
import { PROJECT_ROOT } from "../../offline/synthesize";
import { SynthesisResult } from "../../offline/types";
import { ofType, STACKS, synthesizeStack } from "../support/synthesis";

/** Key names that announce a secret: their values must be `secure:` ciphertexts. */
const SECRET_KEY_NAME = /(password|passwd|passphrase|secret|token|private[-_]?key|api[-_]?key|access[-_]?key|credential)/i;

/** Shannon entropy in bits per character: random key material is high, words and identifiers are not. */
function entropy(text: string): number {
    const counts = new Map<string, number>();
    for (const c of text) {
        counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    return [...counts.values()].reduce((sum, n) => sum - (n / text.length) * Math.log2(n / text.length), 0);
}

/** A 40-character base64 run of mixed case and digits with random-looking spread: an AWS secret access key. */
function containsAwsSecretKey(text: string): boolean {
    // `=` is base64 padding (encoded data such as a CA certificate); AWS secret keys never contain it.
    const runs = text.match(/[A-Za-z0-9/+=]{40,}/g) ?? [];
    return runs.some((run) => run.length === 40 && !run.includes("=") && /[0-9]/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run) && entropy(run) > 4.5);
}

/** Values that look like credentials whatever key holds them. */
const SECRET_VALUE_PATTERNS: Array<[string, (text: string) => boolean]> = [
    ["a PEM private key", (t) => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(t)],
    ["an AWS access key id", (t) => /\b(AKIA|ASIA)[0-9A-Z]{16}\b/.test(t)],
    ["an AWS secret access key", containsAwsSecretKey],
    ["a GitHub token", (t) => /\bgh[pousr]_[A-Za-z0-9]{36,}\b/.test(t)],
    ["a Slack token", (t) => /\bxox[abprs]-[A-Za-z0-9-]{10,}/.test(t)],
    ["a JWT", (t) => /\beyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/.test(t)],
    ["credentials in a URL", (t) => /[a-z][a-z0-9+.-]*:\/\/[^/\s:@"]+:[^/\s@"]+@/i.test(t)],
    // An ARN is an identifier even when its resource id is a UUID (CodeConnections connections are).
    ["a UUID-shaped key (Atlas API private keys are UUIDs)", (t) => !/^arn:aws[a-z-]*:/.test(t) && /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i.test(t)],
];

export interface PlaintextSecretFinding {
    key: string;
    reason: string;
}

function isSecure(value: unknown): boolean {
    return value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value;
}

/** Every place under `config:` of a stack file where a secret sits in plaintext. */
export function findPlaintextSecrets(stackFileText: string): PlaintextSecretFinding[] {
    const findings: PlaintextSecretFinding[] = [];
    const walk = (value: unknown, key: string, secretByName: boolean): void => {
        if (isSecure(value)) {
            return;
        }
        if (Array.isArray(value)) {
            value.forEach((item, i) => walk(item, `${key}[${i}]`, secretByName));
            return;
        }
        if (value !== null && typeof value === "object") {
            for (const [child, childValue] of Object.entries(value)) {
                walk(childValue, key ? `${key}.${child}` : child, SECRET_KEY_NAME.test(child));
            }
            return;
        }
        if (value === null || value === undefined || value === "") {
            return;
        }
        if (secretByName && (typeof value === "string" || typeof value === "number")) {
            findings.push({ key, reason: "its name suggests a secret but the value is not secure:" });
        }
        if (typeof value === "string") {
            for (const [reason, pattern] of SECRET_VALUE_PATTERNS) {
                if (pattern(value)) {
                    findings.push({ key, reason: `the value looks like ${reason}` });
                }
            }
        }
    };
    walk(parse(stackFileText)?.config ?? {}, "", false);
    return findings;
}

/** The `result` each RandomPassword produced (the offline mock is deterministic, so it is recomputed here). */
function generatedPasswords(result: SynthesisResult): string[] {
    return ofType(result, "random:index/randomPassword:RandomPassword").map((r) => {
        const state = mockResourceState({ type: r.type, name: r.name, inputs: revealSecrets(r.inputs), provider: r.provider, custom: true }, r.region ?? "us-east-1", "000000000000").state;
        return state.result as string;
    });
}

describe("secrets hygiene: stack files", () => {
    it("flags plaintext secrets by key name and by value shape (the scanner can fail)", () => {
        const planted = [
            "config:",
            "  mongodbatlas:privateKey: 0b6f3d1e-5a7c-4e2b-9f10-6c8d2a4b7e91",
            "  platform:redisPassword: hunter2",
            "  platform:token:",
            "    secure: v1:abcdef",
            "  platform:webhook: https://bot:s3cr3t@example.com/hook",
            "  platform:nested:",
            "    apiKey: 12345",
            "    note: AKIAABCDEFGHIJKLMNOP",
            "    other: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "  platform:cert: |",
            "    -----BEGIN RSA PRIVATE KEY-----",
        ].join("\n");
        const findings = findPlaintextSecrets(planted);
        const keys = findings.map((f) => f.key);
        for (const key of ["mongodbatlas:privateKey", "platform:redisPassword", "platform:webhook", "platform:nested.apiKey", "platform:nested.note", "platform:nested.other", "platform:cert"]) {
            assert.ok(keys.includes(key), `${key} not flagged: ${JSON.stringify(findings)}`);
        }
        assert.ok(!keys.includes("platform:token"), "a secure: value was flagged");
    });

    it("does not flag ordinary settings whose names merely mention secrets", () => {
        assert.deepStrictEqual(findPlaintextSecrets("config:\n  platform:externalSecrets:\n    replicas: 2\n    refreshInterval: 15m\n  platform:redis:\n    authMode: token\n"), []);
    });

    const stackFiles = ["Pulumi.yaml", ...availableStacks(PROJECT_ROOT).map((s) => `Pulumi.${s}.yaml`)];
    it("covers every committed stack file", () => {
        for (const stack of STACKS) {
            assert.ok(stackFiles.includes(`Pulumi.${stack}.yaml`));
        }
    });

    for (const file of stackFiles) {
        it(`${file} holds no plaintext secret`, () => {
            const findings = findPlaintextSecrets(fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8"));
            assert.deepStrictEqual(findings, [], `${file}: ${findings.map((f) => `${f.key}: ${f.reason}`).join("; ")}`);
        });
    }
});

describe("secrets hygiene: synthesized stacks", () => {
    const results = new Map<string, SynthesisResult>();
    before(async function () {
        this.timeout(300_000); // shared with the other specs through the synthesis cache
        for (const stack of STACKS) {
            results.set(stack, await synthesizeStack(stack));
        }
    });

    for (const stack of STACKS) {
        describe(stack, () => {
            it("uses every generated password somewhere, and only inside secret-wrapped inputs", () => {
                const result = results.get(stack)!;
                const passwords = generatedPasswords(result);
                assert.ok(passwords.length > 0, "no RandomPassword to check (the Redis AUTH token should be one)");
                for (const password of passwords) {
                    assert.ok(password.length >= 32, "mock password unexpectedly short");
                    const consumers = result.resources.filter((r) => JSON.stringify(revealSecrets(r.inputs)).includes(password));
                    assert.ok(consumers.length > 0, "a generated password is used by nothing; the leak check below would prove nothing");
                    for (const resource of result.resources) {
                        assert.ok(!JSON.stringify(maskSecrets(resource.inputs)).includes(password), `${resource.type} ${resource.name} carries a generated password in plaintext`);
                    }
                }
            });

            it("prints the Redis AUTH token and the stored credentials as [secret] in the preview JSON, and no password anywhere", () => {
                const result = results.get(stack)!;
                const document = toJsonDocument(result, []) as { resources: Array<{ type: string; name: string; inputs: Record<string, any> }> };
                const text = JSON.stringify(document);
                for (const password of generatedPasswords(result)) {
                    assert.ok(!text.includes(password), "a generated password appears in the preview JSON");
                }
                const group = document.resources.find((r) => r.type === "aws:elasticache/replicationGroup:ReplicationGroup")!;
                if (group.inputs.authToken !== undefined) {
                    assert.strictEqual(group.inputs.authToken, SECRET_MASK);
                }
                const versions = document.resources.filter((r) => r.type === "aws:secretsmanager/secretVersion:SecretVersion");
                assert.ok(versions.length > 0);
                for (const version of versions) {
                    assert.strictEqual(version.inputs.secretString, SECRET_MASK, `${version.name} secretString is not masked`);
                }
                for (const [reason, pattern] of SECRET_VALUE_PATTERNS.filter(([reason]) => !reason.startsWith("a UUID"))) {
                    assert.ok(!pattern(text), `the preview JSON contains ${reason}`);
                }
            });

            it("exports no generated password or credential in plaintext; the kubeconfig is a secret", () => {
                const result = results.get(stack)!;
                const masked = JSON.stringify(maskSecrets(result.outputs));
                for (const password of generatedPasswords(result)) {
                    assert.ok(!masked.includes(password), "a stack output carries a generated password");
                }
                assert.ok(!masked.includes("certificate-authority-data") && !masked.includes('"kubeconfig"'), "the kubeconfig is exported in plaintext");
                for (const [reason, pattern] of SECRET_VALUE_PATTERNS.filter(([reason]) => !reason.startsWith("a UUID"))) {
                    assert.ok(!pattern(masked), `a stack output contains ${reason}`);
                }
                const keys: string[] = [];
                const collect = (value: unknown) => {
                    if (value !== null && typeof value === "object") {
                        for (const [k, v] of Object.entries(value)) {
                            keys.push(k);
                            collect(v);
                        }
                    }
                };
                collect(maskSecrets(result.outputs));
                assert.deepStrictEqual(keys.filter((k) => /password|token|privateKey|secretString/i.test(k)), []);
            });

            it("keeps credentials out of ConfigMaps: only ExternalSecrets reference them, by ARN", () => {
                const result = results.get(stack)!;
                for (const map of ofType(result, "kubernetes:core/v1:ConfigMap")) {
                    const data = revealSecrets(map.inputs.data ?? {});
                    const leaked = Object.keys(data).filter((k) => /PASSWORD|TOKEN|SECRET|PRIVATE_KEY/i.test(k));
                    assert.deepStrictEqual(leaked, [], `${map.name} carries ${leaked.join(", ")}`);
                    for (const password of generatedPasswords(result)) {
                        assert.ok(!JSON.stringify(data).includes(password), `${map.name} carries a generated password`);
                    }
                }
                for (const secret of ofType(result, "kubernetes:external-secrets.io/v1:ExternalSecret")) {
                    for (const entry of secret.inputs.spec.data) {
                        // The observability module's and Argo CD's secrets are created outside the stack, so only their
                        // names under the monitoring and argocd paths are known (their roles may read nothing else).
                        assert.match(entry.remoteRef.key, /^(arn:aws:secretsmanager:|platform\/[a-z][a-z0-9]*\/(monitoring|argocd)\/)/, `${secret.name} ${entry.secretKey} does not reference Secrets Manager`);
                    }
                }
            });
        });
    }
});
