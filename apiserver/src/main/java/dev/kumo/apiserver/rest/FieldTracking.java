package dev.kumo.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.registry.ResourceType;
import java.time.Instant;

/** Maintains {@code metadata.managedFields} and performs server-side apply. */
public interface FieldTracking {

  /**
   * Records a non-apply write ({@code operation: Update}) by {@code manager}.
   *
   * @param oldObject the stored object, or null on create
   * @return {@code newObject} with its managedFields updated
   */
  ObjectNode trackUpdate(
      ResourceType type,
      ObjectNode oldObject,
      ObjectNode newObject,
      String manager,
      String subresource,
      Instant now);

  /**
   * Server-side apply of {@code applied} by {@code manager} onto {@code live} (null: create).
   *
   * @return the merged object with managedFields updated
   * @throws ApiException 409 on conflicts unless {@code force}
   */
  ObjectNode apply(
      ResourceType type,
      ObjectNode live,
      ObjectNode applied,
      String manager,
      boolean force,
      String subresource,
      Instant now);
}
