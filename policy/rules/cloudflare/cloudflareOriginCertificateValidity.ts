/**
 * cloudflare-origin-certificate-validity: the Origin CA certificate behind `ssl: strict` must be requested for a
 * stated validity longer than the renewal window, and, where its expiry is known (outputs of an existing
 * certificate: `expiresOn`), must not expire within that window. An expired origin certificate turns every
 * proxied request into a 526 error. An unset requestedValidity means Cloudflare's default of 15 years: a key
 * nobody plans to rotate.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { knownValue } from "../../lib/sqs";
import { mustBe, validateResourceOfTokens } from "../../lib/validate";

export const ORIGIN_CA_CERTIFICATE = "cloudflare:index/originCaCertificate:OriginCaCertificate";
const DAY_MS = 86400000;

interface Config {
    renewWithinDays: number;
    maximumValidityDays: number;
    /** Milliseconds since the epoch to judge expiry against; tests pin it. Default: now. */
    now?: number;
}

export const cloudflareOriginCertificateValidity: PlatformResourcePolicy = {
    name: "cloudflare-origin-certificate-validity",
    description:
        "A cloudflare.OriginCaCertificate must set requestedValidity above renewWithinDays (default 30) and at most maximumValidityDays (default 1095), " +
        "and a known expiresOn must be more than renewWithinDays away.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "tls",
    anchors: [],
    remediationSteps:
        "Set `requestedValidity` (platform:cdn.originCertificate.validityDays, e.g. 365) and replace the certificate before it expires: " +
        "`pulumi up --replace` on the OriginCaCertificate, then let each region's gateway re-import it.",
    configSchema: {
        properties: {
            renewWithinDays: { type: "integer", minimum: 1, default: 30, description: "Days before expiry by which the certificate must have been replaced." },
            maximumValidityDays: { type: "integer", minimum: 7, default: 1095, description: "Longest validity accepted (rotation at least this often)." },
            now: { type: "integer", description: "Evaluation instant in epoch milliseconds (default: the current time); for tests." },
        },
    },
    validateResource: validateResourceOfTokens([ORIGIN_CA_CERTIFICATE], (props, args, reportViolation) => {
        const { renewWithinDays, maximumValidityDays, now } = args.getConfig<Config>();
        const validity = props.requestedValidity;
        if (typeof validity !== "number" || validity <= renewWithinDays || validity > maximumValidityDays) {
            reportViolation(mustBe("requestedValidity", `a number of days above ${renewWithinDays} and at most ${maximumValidityDays}`, validity));
        }
        const expiresOn = knownValue(props, "expiresOn");
        if (typeof expiresOn === "string") {
            const expiry = Date.parse(expiresOn);
            const deadline = (now ?? Date.now()) + renewWithinDays * DAY_MS;
            if (Number.isNaN(expiry) || expiry <= deadline) {
                reportViolation(`expiresOn must be more than ${renewWithinDays} days away (found: ${JSON.stringify(expiresOn)})`);
            }
        }
    }),
};
