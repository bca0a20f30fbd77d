/**
 * The certificate the origin (each region's gateway NLB TLS listener) presents to Cloudflare: issued by
 * Cloudflare's Origin CA for exactly the hostnames the stack serves, so the zone's `ssl: strict` verifies it.
 * Created once per stack, before the regions, so every region's gateway can import the same certificate into
 * ACM. The private key is generated in the stack (tls.PrivateKey, kept in state as a secret) and only its CSR
 * goes to Cloudflare.
 *
 * Browsers do not trust the Origin CA: the certificate is only for the hop from Cloudflare to the origin. Its
 * issuance needs an API token with "Zone - SSL and Certificates - Edit" on the zone.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { PlatformConfig } from "../../config";
import { cdnDomain, OriginCertificateConfig, recordName } from "../../config/sections/cdn";
import { createCloudflareProvider } from "./provider";

/** The Origin CA request type and the local key that match a key algorithm. */
export function originKeySpec(algorithm: OriginCertificateConfig["keyAlgorithm"]): { requestType: string; key: tls.PrivateKeyArgs } {
    return algorithm === "ecdsa"
        ? { requestType: "origin-ecc", key: { algorithm: "ECDSA", ecdsaCurve: "P256" } }
        : { requestType: "origin-rsa", key: { algorithm: "RSA", rsaBits: 2048 } };
}

/** The fully qualified names the certificate covers: every served hostname, nothing else (no wildcard). */
export function originCertificateHostnames(labels: string[], domain: string): string[] {
    return labels.map((label) => recordName(label, domain));
}

export interface OriginCertificateArgs {
    hostnames: string[];
    settings: OriginCertificateConfig;
}

export class OriginCertificate extends pulumi.ComponentResource {
    /** PEM certificate chain's leaf, issued by Cloudflare's Origin CA. */
    readonly certificatePem: pulumi.Output<string>;
    /** PEM private key (secret). */
    readonly privateKeyPem: pulumi.Output<string>;
    /** When the certificate stops being valid (RFC 3339, from Cloudflare). */
    readonly expiresOn: pulumi.Output<string>;
    readonly hostnames: string[];

    /** opts.provider must be the Cloudflare provider; the key and CSR are local (tls provider). */
    constructor(name: string, args: OriginCertificateArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cdn:OriginCertificate", name, {}, opts);
        const parent = { parent: this };
        const spec = originKeySpec(args.settings.keyAlgorithm);
        const key = new tls.PrivateKey(`${name}-key`, spec.key, parent);
        const csr = new tls.CertRequest(
            `${name}-csr`,
            { privateKeyPem: key.privateKeyPem, subject: { commonName: args.hostnames[0] }, dnsNames: args.hostnames },
            parent,
        );
        const certificate = new cloudflare.OriginCaCertificate(
            `${name}-certificate`,
            { csr: csr.certRequestPem, hostnames: args.hostnames, requestType: spec.requestType, requestedValidity: args.settings.validityDays },
            parent,
        );
        this.hostnames = args.hostnames;
        this.certificatePem = certificate.certificate;
        this.privateKeyPem = pulumi.secret(key.privateKeyPem);
        this.expiresOn = certificate.expiresOn;
        this.registerOutputs({ certificatePem: this.certificatePem, privateKeyPem: this.privateKeyPem, expiresOn: this.expiresOn, hostnames: this.hostnames });
    }
}

/** What the gateway of every region imports into ACM for its NLB's TLS listener. */
export interface OriginCertificateOutputs {
    certificatePem: pulumi.Output<string>;
    privateKeyPem: pulumi.Output<string>;
    expiresOn: pulumi.Output<string>;
    hostnames: string[];
}

/** The Cloudflare provider and the origin certificate: created once per stack, before the region loop. */
export interface EdgeFoundation {
    provider: cloudflare.Provider;
    originCertificate: OriginCertificateOutputs;
}

export function createEdgeFoundation(config: PlatformConfig): EdgeFoundation | undefined {
    if (!config.cdn) {
        return undefined;
    }
    const provider = createCloudflareProvider(`${config.environment}-cloudflare`);
    const certificate = new OriginCertificate(
        `${config.environment}-cdn-origin`,
        { hostnames: originCertificateHostnames(config.cdn.hostnames, cdnDomain(config.cdn)), settings: config.cdn.originCertificate },
        { provider },
    );
    return {
        provider,
        originCertificate: { certificatePem: certificate.certificatePem, privateKeyPem: certificate.privateKeyPem, expiresOn: certificate.expiresOn, hostnames: certificate.hostnames },
    };
}
