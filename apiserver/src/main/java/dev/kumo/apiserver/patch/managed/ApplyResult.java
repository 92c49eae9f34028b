package dev.kumo.apiserver.patch.managed;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of a server-side apply.
 *
 * @param object the merged object with {@code metadata.managedFields} set, before defaulting,
 *     validation and storage
 * @param changed false when the apply left the object as it was (only managedFields may differ)
 */
public record ApplyResult(ObjectNode object, boolean changed) {}
