package dev.kumo.apiserver.protobuf;

import static dev.kumo.apiserver.protobuf.MessageSchema.Emit.ALWAYS;
import static dev.kumo.apiserver.protobuf.MessageSchema.Emit.IF_PRESENT;
import static dev.kumo.apiserver.protobuf.MessageSchema.Emit.OMIT_EMPTY;

import java.util.Map;

/**
 * The messages of the built-in kinds Kumo serves, transcribed from the {@code generated.proto}
 * files of {@code k8s.io/apimachinery/pkg/apis/meta/v1}, {@code k8s.io/api/core/v1}, {@code
 * k8s.io/api/coordination/v1} and {@code k8s.io/api/authorization/v1}, with the JSON tags of the
 * matching Go structs ({@code types.go}). Field numbers are the wire contract; JSON names and
 * emptiness rules follow the Go structs.
 */
final class BuiltinSchemas {
  private BuiltinSchemas() {}

  /** {@code meta.v1.OwnerReference}. */
  static final MessageSchema OWNER_REFERENCE =
      MessageSchema.builder("OwnerReference")
          .string(5, "apiVersion", ALWAYS)
          .string(1, "kind", ALWAYS)
          .string(3, "name", ALWAYS)
          .string(4, "uid", ALWAYS)
          .bool(6, "controller", IF_PRESENT)
          .bool(7, "blockOwnerDeletion", IF_PRESENT)
          .build();

  /** {@code meta.v1.ManagedFieldsEntry}. */
  static final MessageSchema MANAGED_FIELDS_ENTRY =
      MessageSchema.builder("ManagedFieldsEntry")
          .string(1, "manager", OMIT_EMPTY)
          .string(2, "operation", OMIT_EMPTY)
          .string(3, "apiVersion", OMIT_EMPTY)
          .time(4, "time", IF_PRESENT)
          .string(6, "fieldsType", OMIT_EMPTY)
          .fieldsV1(7, "fieldsV1")
          .string(8, "subresource", OMIT_EMPTY)
          .build();

  /** {@code meta.v1.ObjectMeta} (field 15, the removed clusterName, is skipped as unknown). */
  static final MessageSchema OBJECT_META =
      MessageSchema.builder("ObjectMeta")
          .string(1, "name", OMIT_EMPTY)
          .string(2, "generateName", OMIT_EMPTY)
          .string(3, "namespace", OMIT_EMPTY)
          .string(4, "selfLink", OMIT_EMPTY)
          .string(5, "uid", OMIT_EMPTY)
          .string(6, "resourceVersion", OMIT_EMPTY)
          .int64(7, "generation", OMIT_EMPTY)
          .time(8, "creationTimestamp", ALWAYS)
          .time(9, "deletionTimestamp", IF_PRESENT)
          .int64(10, "deletionGracePeriodSeconds", IF_PRESENT)
          .stringMap(11, "labels")
          .stringMap(12, "annotations")
          .messages(13, "ownerReferences", OWNER_REFERENCE)
          .strings(14, "finalizers")
          .messages(17, "managedFields", MANAGED_FIELDS_ENTRY)
          .build();

  /** {@code core.v1.NamespaceCondition}. */
  static final MessageSchema NAMESPACE_CONDITION =
      MessageSchema.builder("NamespaceCondition")
          .string(1, "type", ALWAYS)
          .string(2, "status", ALWAYS)
          .time(4, "lastTransitionTime", ALWAYS)
          .string(5, "reason", OMIT_EMPTY)
          .string(6, "message", OMIT_EMPTY)
          .build();

  /** {@code core.v1.Namespace}. */
  static final MessageSchema NAMESPACE =
      MessageSchema.builder("Namespace")
          .message(1, "metadata", OBJECT_META, ALWAYS)
          .message(
              2,
              "spec",
              MessageSchema.builder("NamespaceSpec").strings(1, "finalizers").build(),
              ALWAYS)
          .message(
              3,
              "status",
              MessageSchema.builder("NamespaceStatus")
                  .string(1, "phase", OMIT_EMPTY)
                  .messages(2, "conditions", NAMESPACE_CONDITION)
                  .build(),
              ALWAYS)
          .build();

  /** {@code core.v1.ConfigMap}. */
  static final MessageSchema CONFIG_MAP =
      MessageSchema.builder("ConfigMap")
          .message(1, "metadata", OBJECT_META, ALWAYS)
          .bool(4, "immutable", IF_PRESENT)
          .stringMap(2, "data")
          .bytesMap(3, "binaryData")
          .build();

  /** {@code core.v1.Secret}. */
  static final MessageSchema SECRET =
      MessageSchema.builder("Secret")
          .message(1, "metadata", OBJECT_META, ALWAYS)
          .bool(5, "immutable", IF_PRESENT)
          .bytesMap(2, "data")
          .stringMap(4, "stringData")
          .string(3, "type", OMIT_EMPTY)
          .build();

  /** {@code core.v1.ObjectReference}. */
  static final MessageSchema OBJECT_REFERENCE =
      MessageSchema.builder("ObjectReference")
          .string(1, "kind", OMIT_EMPTY)
          .string(2, "namespace", OMIT_EMPTY)
          .string(3, "name", OMIT_EMPTY)
          .string(4, "uid", OMIT_EMPTY)
          .string(5, "apiVersion", OMIT_EMPTY)
          .string(6, "resourceVersion", OMIT_EMPTY)
          .string(7, "fieldPath", OMIT_EMPTY)
          .build();

  /** {@code core.v1.Event}. */
  static final MessageSchema EVENT =
      MessageSchema.builder("Event")
          .message(1, "metadata", OBJECT_META, ALWAYS)
          .message(2, "involvedObject", OBJECT_REFERENCE, ALWAYS)
          .string(3, "reason", OMIT_EMPTY)
          .string(4, "message", OMIT_EMPTY)
          .message(
              5,
              "source",
              MessageSchema.builder("EventSource")
                  .string(1, "component", OMIT_EMPTY)
                  .string(2, "host", OMIT_EMPTY)
                  .build(),
              ALWAYS)
          .time(6, "firstTimestamp", ALWAYS)
          .time(7, "lastTimestamp", ALWAYS)
          .int32(8, "count", OMIT_EMPTY)
          .string(9, "type", OMIT_EMPTY)
          .microTime(10, "eventTime", ALWAYS)
          .message(
              11,
              "series",
              MessageSchema.builder("EventSeries")
                  .int32(1, "count", OMIT_EMPTY)
                  .microTime(2, "lastObservedTime", ALWAYS)
                  .build(),
              IF_PRESENT)
          .string(12, "action", OMIT_EMPTY)
          .message(13, "related", OBJECT_REFERENCE, IF_PRESENT)
          .string(14, "reportingComponent", ALWAYS)
          .string(15, "reportingInstance", ALWAYS)
          .build();

  /** {@code coordination.v1.Lease}; every LeaseSpec field is a Go pointer. */
  static final MessageSchema LEASE =
      MessageSchema.builder("Lease")
          .message(1, "metadata", OBJECT_META, ALWAYS)
          .message(
              2,
              "spec",
              MessageSchema.builder("LeaseSpec")
                  .string(1, "holderIdentity", IF_PRESENT)
                  .int32(2, "leaseDurationSeconds", IF_PRESENT)
                  .microTime(3, "acquireTime", IF_PRESENT)
                  .microTime(4, "renewTime", IF_PRESENT)
                  .int32(5, "leaseTransitions", IF_PRESENT)
                  .string(6, "strategy", IF_PRESENT)
                  .string(7, "preferredHolder", IF_PRESENT)
                  .build(),
              ALWAYS)
          .build();

  /**
   * {@code authorization.v1.SelfSubjectAccessReview} ({@code kubectl auth can-i}). Its status is
   * output only (the server answers it), so it is skipped; so are ResourceAttributes' fieldSelector
   * (8) and labelSelector (9), which kubectl does not send.
   */
  static final MessageSchema SELF_SUBJECT_ACCESS_REVIEW =
      MessageSchema.builder("SelfSubjectAccessReview")
          .message(1, "metadata", OBJECT_META, ALWAYS)
          .message(
              2,
              "spec",
              MessageSchema.builder("SelfSubjectAccessReviewSpec")
                  .message(
                      1,
                      "resourceAttributes",
                      MessageSchema.builder("ResourceAttributes")
                          .string(1, "namespace", OMIT_EMPTY)
                          .string(2, "verb", OMIT_EMPTY)
                          .string(3, "group", OMIT_EMPTY)
                          .string(4, "version", OMIT_EMPTY)
                          .string(5, "resource", OMIT_EMPTY)
                          .string(6, "subresource", OMIT_EMPTY)
                          .string(7, "name", OMIT_EMPTY)
                          .build(),
                      IF_PRESENT)
                  .message(
                      2,
                      "nonResourceAttributes",
                      MessageSchema.builder("NonResourceAttributes")
                          .string(1, "path", OMIT_EMPTY)
                          .string(2, "verb", OMIT_EMPTY)
                          .build(),
                      IF_PRESENT)
                  .build(),
              ALWAYS)
          .build();

  /**
   * {@code authorization.v1.SelfSubjectRulesReview} ({@code kubectl auth can-i --list}); its
   * output-only status is skipped.
   */
  static final MessageSchema SELF_SUBJECT_RULES_REVIEW =
      MessageSchema.builder("SelfSubjectRulesReview")
          .message(1, "metadata", OBJECT_META, ALWAYS)
          .message(
              2,
              "spec",
              MessageSchema.builder("SelfSubjectRulesReviewSpec")
                  .string(1, "namespace", OMIT_EMPTY)
                  .build(),
              ALWAYS)
          .build();

  /** The top-level kinds by {@code apiVersion/kind}. */
  static final Map<String, MessageSchema> KINDS =
      Map.of(
          "v1/Namespace", NAMESPACE,
          "v1/ConfigMap", CONFIG_MAP,
          "v1/Secret", SECRET,
          "v1/Event", EVENT,
          "coordination.k8s.io/v1/Lease", LEASE,
          "authorization.k8s.io/v1/SelfSubjectAccessReview", SELF_SUBJECT_ACCESS_REVIEW,
          "authorization.k8s.io/v1/SelfSubjectRulesReview", SELF_SUBJECT_RULES_REVIEW);
}
