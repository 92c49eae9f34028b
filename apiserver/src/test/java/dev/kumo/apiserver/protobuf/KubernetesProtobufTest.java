package dev.kumo.apiserver.protobuf;

import static dev.kumo.apiserver.protobuf.Proto.envelope;
import static dev.kumo.apiserver.protobuf.Proto.message;
import static dev.kumo.apiserver.protobuf.Proto.time;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.rest.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Protobuf bodies built with {@link Proto} (protobuf-java's {@code CodedOutputStream}, following
 * the {@code generated.proto} field numbers) or captured from kubectl 1.32, decoded into the JSON
 * Go's {@code encoding/json} writes for the same object.
 */
class KubernetesProtobufTest {
  /** 2023-11-14T22:13:20Z. */
  private static final long SECONDS = 1_700_000_000L;

  private static JsonNode json(String text) throws IOException {
    return Json.MAPPER.readTree(text.replace('\'', '"'));
  }

  private static List<String> keys(JsonNode object) {
    List<String> keys = new ArrayList<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void namespaceFromKubectl132IsWhatKubectl120SendsAsJson() throws IOException {
    // `kubectl create namespace p1` (1.32, -v=9): the request body, byte for byte
    byte[] body =
        HexFormat.of()
            .parseHex(
                "6b3873000a0f0a02763112094e616d657370616365121a0a120a027031120"
                    + "01a00220"
                    + "02a003200380042001200"
                    + "1a020a001a00220"
                    + "0");
    ObjectNode object = KubernetesProtobuf.decode(body);
    // kubectl 1.20's JSON body for `kubectl create namespace p1`
    assertEquals(
        json(
            "{'apiVersion':'v1','kind':'Namespace',"
                + "'metadata':{'creationTimestamp':null,'name':'p1'},'spec':{},'status':{}}"),
        object);
    assertEquals(List.of("apiVersion", "kind", "metadata", "spec", "status"), keys(object));
  }

  @Test
  void configMapFromKubectl132() throws IOException {
    // `kubectl create configmap c1 --from-literal=a=b` (1.32)
    byte[] body =
        HexFormat.of()
            .parseHex(
                "6b3873000a0f0a0276311209436f6e6669674d6170121c0a120a02633112001a00220"
                    + "02a00320038004200120"
                    + "60a0161120162"
                    + "1a002200");
    assertEquals(
        json(
            "{'apiVersion':'v1','kind':'ConfigMap',"
                + "'metadata':{'name':'c1','creationTimestamp':null},'data':{'a':'b'}}"),
        KubernetesProtobuf.decode(body));
  }

  @Test
  void accessReviewsFromKubectl132AuthCanI() throws IOException {
    // `kubectl auth can-i get configmaps` (1.32): the status it sends is skipped
    byte[] access =
        HexFormat.of()
            .parseHex(
                "6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f76311217"
                    + "53656c665375626a6563744163636573735265766965771242"
                    + "0a100a0012001a0022002a00320038004200"
                    + "12240a220a0764656661756c741203676574"
                    + "1a0022002a0a636f6e6669676d61707332003a00"
                    + "1a080800120"
                    + "01a0020001a002200");
    assertEquals(
        json(
            "{'apiVersion':'authorization.k8s.io/v1','kind':'SelfSubjectAccessReview',"
                + "'metadata':{'creationTimestamp':null},"
                + "'spec':{'resourceAttributes':{'namespace':'default','verb':'get',"
                + "'resource':'configmaps'}}}"),
        KubernetesProtobuf.decode(access));
    // `kubectl auth can-i --list` (1.32)
    byte[] rules =
        HexFormat.of()
            .parseHex(
                "6b3873000a310a17617574686f72697a6174696f6e2e6b38732e696f2f76311216"
                    + "53656c665375626a65637452756c657352657669657712230a100a0012001a00"
                    + "22002a0032003800420012090a0764656661756c741a041800220"
                    + "01a002200");
    assertEquals(
        json(
            "{'apiVersion':'authorization.k8s.io/v1','kind':'SelfSubjectRulesReview',"
                + "'metadata':{'creationTimestamp':null},'spec':{'namespace':'default'}}"),
        KubernetesProtobuf.decode(rules));
  }

  @Test
  void fullObjectMeta() throws IOException {
    Proto meta =
        message()
            .string(1, "settings")
            .string(2, "settings-")
            .string(3, "team")
            .string(4, "")
            .string(5, "6f1c1c5e-8d4b-4a36-9a53-0d4b1d7c2f10")
            .string(6, "42")
            .varint(7, 3)
            .message(8, time(SECONDS, 123_456_789))
            .message(9, time(SECONDS + 60, 0))
            .varint(10, 30)
            .entry(11, "app", "web")
            .entry(11, "tier", "")
            .entry(12, "note", "a \"quoted\" value")
            .message(
                13,
                message()
                    .string(1, "Deployment")
                    .string(3, "web")
                    .string(4, "b7a9f4b2-0000-4000-8000-000000000001")
                    .string(5, "apps/v1")
                    .bool(6, true))
            .message(13, message().string(1, "Other").string(3, "o").string(4, "u2").bool(7, false))
            .string(14, "kumo.dev/hold")
            .string(14, "kubernetes")
            .message(
                17,
                message()
                    .string(1, "kubectl-create")
                    .string(2, "Update")
                    .string(3, "v1")
                    .message(4, time(SECONDS, 0))
                    .string(6, "FieldsV1")
                    .message(7, message().bytes(1, "{\"f:data\":{\"f:a\":{}}}".getBytes()))
                    .string(8, ""))
            .message(
                17,
                message()
                    .string(1, "ctl")
                    .string(2, "Update")
                    .message(7, message())
                    .string(8, "status"));
    Proto configMap =
        message()
            .message(1, meta)
            .entry(2, "a", "b")
            .entry(3, "blob", new byte[] {0, (byte) 0xff, 'x'})
            .bool(4, false);
    ObjectNode object = KubernetesProtobuf.decode(envelope("v1", "ConfigMap", configMap));
    assertEquals(
        json(
            "{'apiVersion':'v1','kind':'ConfigMap',"
                + "'metadata':{'name':'settings','generateName':'settings-','namespace':'team',"
                + "'uid':'6f1c1c5e-8d4b-4a36-9a53-0d4b1d7c2f10','resourceVersion':'42',"
                + "'generation':3,'creationTimestamp':'2023-11-14T22:13:20Z',"
                + "'deletionTimestamp':'2023-11-14T22:14:20Z','deletionGracePeriodSeconds':30,"
                + "'labels':{'app':'web','tier':''},'annotations':{'note':'a \\'quoted\\' value'},"
                + "'ownerReferences':["
                + "{'apiVersion':'apps/v1','kind':'Deployment','name':'web',"
                + "'uid':'b7a9f4b2-0000-4000-8000-000000000001','controller':true},"
                + "{'apiVersion':'','kind':'Other','name':'o','uid':'u2',"
                + "'blockOwnerDeletion':false}],"
                + "'finalizers':['kumo.dev/hold','kubernetes'],"
                + "'managedFields':["
                + "{'manager':'kubectl-create','operation':'Update','apiVersion':'v1',"
                + "'time':'2023-11-14T22:13:20Z','fieldsType':'FieldsV1',"
                + "'fieldsV1':{'f:data':{'f:a':{}}}},"
                + "{'manager':'ctl','operation':'Update','fieldsV1':null,'subresource':'status'}]},"
                + "'immutable':false,'data':{'a':'b'},'binaryData':{'blob':'AP94'}}"),
        object);
    assertEquals(
        List.of(
            "name",
            "generateName",
            "namespace",
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "labels",
            "annotations",
            "ownerReferences",
            "finalizers",
            "managedFields"),
        keys(object.get("metadata")),
        "Go struct order");
  }

  @Test
  void secretDataIsBase64AndEmptyFieldsAreLeftOut() throws IOException {
    Proto secret =
        message()
            .message(1, message().string(1, "creds").string(3, "").message(8, message()))
            .entry(2, "password", "s3cret".getBytes())
            .entry(2, "binary", new byte[] {(byte) 0xc3, 0x28})
            .entry(2, "empty", new byte[0])
            .entry(4, "user", "admin")
            .string(3, "Opaque");
    assertEquals(
        json(
            "{'apiVersion':'v1','kind':'Secret','metadata':{'name':'creds','creationTimestamp':null},"
                + "'data':{'password':'czNjcmV0','binary':'wyg=','empty':''},"
                + "'stringData':{'user':'admin'},'type':'Opaque'}"),
        KubernetesProtobuf.decode(envelope("v1", "Secret", secret)));

    // kubectl writes every non-pointer field, empty or not; JSON leaves the omitempty ones out
    Proto bare =
        message().message(1, message().string(1, "s").string(2, "").varint(7, 0)).string(3, "");
    assertEquals(
        json(
            "{'apiVersion':'v1','kind':'Secret','metadata':{'name':'s','creationTimestamp':null}}"),
        KubernetesProtobuf.decode(envelope("v1", "Secret", bare)));
  }

  @Test
  void unknownFieldsOfEveryWireTypeAreSkipped() throws IOException {
    Proto meta =
        message()
            .varint(99, 7)
            .string(1, "x")
            .fixed32(100, 1)
            .fixed64(101, 2)
            .string(15, "old clusterName")
            .message(102, message().string(1, "nested"))
            .entry(11, "k", "v")
            .message(8, time(SECONDS, 0).varint(9, 1).string(10, "?"));
    Proto labelsWithExtra = message().string(1, "k2").varint(3, 5).string(2, "v2");
    Proto namespace =
        message()
            .fixed64(50, 3)
            .message(1, meta.message(11, labelsWithExtra))
            .message(2, message().string(1, "kubernetes").varint(2, 1))
            .message(3, message().string(1, "Active").string(9, "future field"));
    byte[] unknown =
        message()
            .varint(7, 1)
            .message(1, message().string(1, "v1").string(2, "Namespace").varint(3, 9))
            .bytes(2, namespace.toByteArray())
            .fixed32(20, 4)
            .toByteArray();
    byte[] body = new byte[unknown.length + 4];
    System.arraycopy(new byte[] {'k', '8', 's', 0}, 0, body, 0, 4);
    System.arraycopy(unknown, 0, body, 4, unknown.length);
    assertEquals(
        json(
            "{'apiVersion':'v1','kind':'Namespace',"
                + "'metadata':{'name':'x','creationTimestamp':'2023-11-14T22:13:20Z',"
                + "'labels':{'k':'v','k2':'v2'}},"
                + "'spec':{'finalizers':['kubernetes']},'status':{'phase':'Active'}}"),
        KubernetesProtobuf.decode(body));
  }

  @Test
  void eventWithMicroTimesAndPointerFields() throws IOException {
    Proto event =
        message()
            .message(1, message().string(1, "web.1").string(3, "team"))
            .message(
                2,
                message()
                    .string(1, "Deployment")
                    .string(2, "team")
                    .string(3, "web")
                    .string(4, "u1")
                    .string(5, "apps/v1")
                    .string(6, "")
                    .string(7, ""))
            .string(3, "ScalingReplicaSet")
            .string(4, "Scaled up")
            .message(5, message().string(1, "deployment-controller").string(2, ""))
            .message(6, time(SECONDS, 999_999_999))
            .message(7, message())
            .varint(8, 2)
            .string(9, "Normal")
            .message(10, time(SECONDS, 123_456_789))
            .message(11, message().varint(1, 4).message(2, time(SECONDS, 1_000)))
            .string(12, "")
            .string(14, "")
            .string(15, "");
    assertEquals(
        json(
            "{'apiVersion':'v1','kind':'Event','metadata':{'name':'web.1','namespace':'team',"
                + "'creationTimestamp':null},"
                + "'involvedObject':{'kind':'Deployment','namespace':'team','name':'web','uid':'u1',"
                + "'apiVersion':'apps/v1'},"
                + "'reason':'ScalingReplicaSet','message':'Scaled up',"
                + "'source':{'component':'deployment-controller'},"
                + "'firstTimestamp':'2023-11-14T22:13:20Z','lastTimestamp':null,'count':2,"
                + "'type':'Normal','eventTime':'2023-11-14T22:13:20.123456Z',"
                + "'series':{'count':4,'lastObservedTime':'2023-11-14T22:13:20.000001Z'},"
                + "'reportingComponent':'','reportingInstance':''}"),
        KubernetesProtobuf.decode(envelope("v1", "Event", event)));

    // an Event with nothing set still carries Go's non-omitempty fields
    assertEquals(
        json(
            "{'apiVersion':'v1','kind':'Event','metadata':{'creationTimestamp':null},"
                + "'involvedObject':{},'source':{},'firstTimestamp':null,'lastTimestamp':null,"
                + "'eventTime':null,'reportingComponent':'','reportingInstance':''}"),
        KubernetesProtobuf.decode(envelope("v1", "Event", message())));
  }

  @Test
  void leaseKeepsPresentZeroValuesOfPointerFields() throws IOException {
    Proto lease =
        message()
            .message(1, message().string(1, "leader").string(3, "kube-system"))
            .message(
                2,
                message()
                    .string(1, "")
                    .varint(2, 15)
                    .message(4, time(SECONDS, 500_000))
                    .varint(5, 0));
    assertEquals(
        json(
            "{'apiVersion':'coordination.k8s.io/v1','kind':'Lease',"
                + "'metadata':{'name':'leader','namespace':'kube-system','creationTimestamp':null},"
                + "'spec':{'holderIdentity':'','leaseDurationSeconds':15,"
                + "'renewTime':'2023-11-14T22:13:20.000500Z','leaseTransitions':0}}"),
        KubernetesProtobuf.decode(envelope("coordination.k8s.io/v1", "Lease", lease)));
  }

  @Test
  void timesBeforeTheEpochAndAtIt() throws IOException {
    Proto meta = message().message(8, message().varint(1, 0)).message(9, time(-86_400, 0));
    JsonNode metadata =
        KubernetesProtobuf.decode(envelope("v1", "ConfigMap", message().message(1, meta)))
            .get("metadata");
    assertEquals(
        json(
            "{'creationTimestamp':'1970-01-01T00:00:00Z','deletionTimestamp':'1969-12-31T00:00:00Z'}"),
        metadata,
        "an explicit 0 is the epoch, only an empty message is the zero time");
  }

  @Test
  void int64BeyondIntRangeStaysExact() {
    Proto meta = message().varint(7, 1L << 40).varint(10, -1);
    JsonNode metadata =
        KubernetesProtobuf.decode(envelope("v1", "ConfigMap", message().message(1, meta)))
            .get("metadata");
    assertEquals(1L << 40, metadata.get("generation").longValue());
    assertTrue(metadata.get("generation").isLong());
    assertEquals(-1, metadata.get("deletionGracePeriodSeconds").intValue());
  }

  @Test
  void knowsItsKinds() {
    assertTrue(KubernetesProtobuf.decodes("v1", "Namespace"));
    assertTrue(KubernetesProtobuf.decodes("v1", "ConfigMap"));
    assertTrue(KubernetesProtobuf.decodes("v1", "Secret"));
    assertTrue(KubernetesProtobuf.decodes("v1", "Event"));
    assertTrue(KubernetesProtobuf.decodes("coordination.k8s.io/v1", "Lease"));
    assertFalse(KubernetesProtobuf.decodes("v1", "Pod"));
    assertFalse(KubernetesProtobuf.decodes("apiextensions.k8s.io/v1", "CustomResourceDefinition"));
    assertFalse(KubernetesProtobuf.decodes("compute.kumo.dev/v1alpha1", "VmInstance"));
  }

  @Test
  void malformedBodiesFailWithClearMessages() {
    assertEquals(
        "provided data does not appear to be a protobuf message, expected prefix [107, 56, 115, 0]",
        assertThrows(
                ProtobufDecodingException.class,
                () -> KubernetesProtobuf.decode("{\"kind\":\"ConfigMap\"}".getBytes()))
            .getMessage());
    assertEquals(
        "no kind \"Pod\" is registered for version \"v1\"",
        assertThrows(
                ProtobufDecodingException.class,
                () -> KubernetesProtobuf.decode(envelope("v1", "Pod", message())))
            .getMessage());
    assertEquals(
        "Object 'Kind' is missing in the protobuf envelope",
        assertThrows(
                ProtobufDecodingException.class,
                () -> KubernetesProtobuf.decode(envelope("v1", "", message())))
            .getMessage());

    byte[] full = envelope("v1", "ConfigMap", message().entry(2, "key", "value"));
    byte[] truncated = java.util.Arrays.copyOf(full, full.length - 7);
    ProtobufDecodingException cut =
        assertThrows(ProtobufDecodingException.class, () -> KubernetesProtobuf.decode(truncated));
    assertTrue(cut.getMessage().startsWith("runtime.Unknown: "), cut.getMessage());

    byte[] badRaw = envelope("v1", "ConfigMap", message().bytes(1, new byte[] {0x0a, 0x05, 'a'}));
    ProtobufDecodingException inner =
        assertThrows(ProtobufDecodingException.class, () -> KubernetesProtobuf.decode(badRaw));
    assertTrue(inner.getMessage().startsWith("ConfigMap: "), inner.getMessage());

    assertEquals(
        "wrong wire type 0 for field ObjectMeta.name",
        assertThrows(
                ProtobufDecodingException.class,
                () ->
                    KubernetesProtobuf.decode(
                        envelope("v1", "Secret", message().message(1, message().varint(1, 5)))))
            .getMessage());

    Proto badFields =
        message()
            .message(
                1,
                message()
                    .message(17, message().message(7, message().bytes(1, "{oops".getBytes()))));
    ProtobufDecodingException fields =
        assertThrows(
            ProtobufDecodingException.class,
            () -> KubernetesProtobuf.decode(envelope("v1", "ConfigMap", badFields)));
    assertTrue(fields.getMessage().startsWith("fieldsV1 is not valid JSON: "), fields.getMessage());

    byte[] gzipped =
        withEnvelope(
            message()
                .message(1, message().string(1, "v1").string(2, "ConfigMap"))
                .bytes(2, new byte[0])
                .string(3, "gzip"));
    assertEquals(
        "unsupported content encoding \"gzip\"",
        assertThrows(ProtobufDecodingException.class, () -> KubernetesProtobuf.decode(gzipped))
            .getMessage());
  }

  private static byte[] withEnvelope(Proto unknown) {
    byte[] bytes = unknown.toByteArray();
    byte[] body = new byte[bytes.length + 4];
    System.arraycopy(new byte[] {'k', '8', 's', 0}, 0, body, 0, 4);
    System.arraycopy(bytes, 0, body, 4, bytes.length);
    return body;
  }
}
