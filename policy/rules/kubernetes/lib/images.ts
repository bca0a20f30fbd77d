/** Parsing container image references (`registry:5000/team/app:1.2.3@sha256:...`). */

export interface ImageReference {
    /** The tag, when one is given. */
    tag?: string;
    /** The digest (`sha256:...`), when one is given. */
    digest?: string;
}

export function parseImage(image: string): ImageReference {
    const at = image.indexOf("@");
    const digest = at === -1 ? undefined : image.slice(at + 1);
    const name = at === -1 ? image : image.slice(0, at);
    // A colon after the last slash separates the tag; one before it belongs to a registry port.
    const colon = name.lastIndexOf(":");
    const tag = colon > name.lastIndexOf("/") ? name.slice(colon + 1) : undefined;
    return { tag: tag === "" ? undefined : tag, digest };
}

/** Pinned: a sha256 digest, or an explicit tag other than `latest`. */
export function isPinnedImage(image: unknown): boolean {
    if (typeof image !== "string" || image.trim() === "") {
        return false;
    }
    const { tag, digest } = parseImage(image.trim());
    if (digest !== undefined) {
        return /^sha256:[0-9a-f]{64}$/.test(digest);
    }
    return tag !== undefined && tag !== "latest";
}
