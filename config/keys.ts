/**
 * How config keys and found values are written in error lines. Every problem must stay on one line and
 * name the key as it appears in the stack file, whatever characters the key or value contains.
 */
export const CONFIG_NAMESPACE = "platform";

type PathSegment = PropertyKey;

const PLAIN_SEGMENT = /^[A-Za-z_$][\w$-]*$/;

function segmentText(segment: PathSegment, first: boolean): string {
    if (typeof segment === "number") {
        return `[${segment}]`;
    }
    const text = String(segment);
    if (PLAIN_SEGMENT.test(text)) {
        return first ? text : `.${text}`;
    }
    return `[${oneLine(JSON.stringify(text), 62)}]`;
}

/** `platform:regions[0].vpcCidr`; unusual key names are quoted (`platform:services["a b"]`). */
export function formatKey(path: readonly PathSegment[], namespace = CONFIG_NAMESPACE): string {
    return `${namespace}:${path.map((segment, index) => segmentText(segment, index === 0)).join("")}`;
}

/** A full stack-file key (`namespace:key`) written the same way. */
export function formatFullKey(fullKey: string): string {
    const colon = fullKey.indexOf(":");
    const namespace = fullKey.slice(0, colon);
    return formatKey([fullKey.slice(colon + 1)], PLAIN_SEGMENT.test(namespace) ? namespace : oneLine(JSON.stringify(namespace), 42));
}

/** Text on one line (control characters escaped), cut to `max` characters. */
export function oneLine(text: string, max: number): string {
    // eslint-disable-next-line no-control-regex
    const escaped = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => (c === "\n" ? "\\n" : c === "\t" ? "\\t" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
    return escaped.length > max ? `${escaped.slice(0, max - 3)}...` : escaped;
}

/** A found value for an error message: JSON, except numbers JSON cannot write (YAML .nan, .inf). */
export function describeFound(value: unknown): string {
    if (value === undefined) {
        return "nothing";
    }
    if (typeof value === "number" && !Number.isFinite(value)) {
        return Number.isNaN(value) ? ".nan" : value > 0 ? ".inf" : "-.inf";
    }
    let text: string;
    try {
        text = JSON.stringify(value, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? describeFound(v) : v)) ?? String(value);
    } catch {
        text = String(value);
    }
    if (Array.isArray(value) && value.length > 5) {
        text = `${text.slice(0, 60)}... (${value.length} items)`;
    }
    return oneLine(text, 80);
}
