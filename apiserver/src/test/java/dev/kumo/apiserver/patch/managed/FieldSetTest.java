package dev.kumo.apiserver.patch.managed;

import static dev.kumo.apiserver.patch.managed.TestObjects.json;
import static dev.kumo.apiserver.patch.managed.TestObjects.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldSetTest {
  private static final String REFERENCE =
      """
      {"f:metadata":{"f:labels":{"f:app":{}}},
       "f:spec":{"f:cpuNum":{},"f:memorySize":{},
                 "f:l3NetworkRefs":{"v:\\"l3-public\\"":{}},
                 "f:nics":{"k:{\\"name\\":\\"eth0\\"}":{".":{},"f:l3":{},"f:name":{}}}}}
      """;

  @Test
  void fieldsV1RoundTripsAndListsPathsAsSmdPrintsThem() {
    FieldSet set = FieldSet.fromFieldsV1(raw(REFERENCE));
    assertEquals(raw(REFERENCE), set.toFieldsV1());
    assertEquals(
        List.of(
            ".metadata.labels.app",
            ".spec.cpuNum",
            ".spec.memorySize",
            ".spec.l3NetworkRefs[=\"l3-public\"]",
            ".spec.nics[name=\"eth0\"]",
            ".spec.nics[name=\"eth0\"].l3",
            ".spec.nics[name=\"eth0\"].name"),
        set.paths().stream().map(FieldSet::pathString).toList());
  }

  @Test
  void fromObjectIsSmdToFieldSetForEveryKindOfField() {
    JsonNode vm =
        json(
            """
            {'apiVersion':'compute.kumo.dev/v1alpha1','kind':'VmInstance',
             'metadata':{'name':'vm1','labels':{'app':'demo'},'finalizers':['a/b'],
                         'ownerReferences':[{'apiVersion':'v1','kind':'X','name':'o','uid':'u-1'}]},
             'spec':{'tags':['x','y'],'env':{'A':'1'},'placement':{'zone':'z'},
                     'ports':[{'port':80}],
                     'extra':{'a':{'b':1},'l':[1,2]}}}
            """);
    assertEquals(
        raw(
            """
            {"f:apiVersion":{},"f:kind":{},
             "f:metadata":{"f:name":{},"f:labels":{"f:app":{}},"f:finalizers":{"v:\\"a/b\\"":{}},
                           "f:ownerReferences":{"k:{\\"uid\\":\\"u-1\\"}":{}}},
             "f:spec":{"f:tags":{},"f:env":{"f:A":{}},"f:placement":{},
                       "f:ports":{"k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:port":{}}},
                       "f:extra":{"f:a":{".":{},"f:b":{}},"f:l":{}}}}
            """),
        FieldSets.fromObject(vm, TestObjects.vmSchema()).toFieldsV1());
  }

  @Test
  void keysAndValuesAreEncodedAsGoEncodesThem() {
    assertEquals("v:\"a\\u003cb\\u0026c\"", PathElement.value(raw("\"a<b&c\"")).serialize());
    assertEquals("v:1.5", PathElement.value(raw("1.5")).serialize());
    assertEquals(
        "k:{\"a\":1,\"b\":\"x\"}",
        PathElement.key(
                List.of(
                    new PathElement.KeyField("b", raw("\"x\"")),
                    new PathElement.KeyField("a", raw("1"))))
            .serialize());
    assertEquals("[=\"a<b\"]", PathElement.value(raw("\"a<b\"")).toString());
  }

  @Test
  void setOperationsFollowSmd() {
    FieldSet a = FieldSet.fromFieldsV1(raw("{\"f:a\":{},\"f:b\":{\"f:c\":{},\"f:d\":{}}}"));
    FieldSet b = FieldSet.fromFieldsV1(raw("{\"f:b\":{\"f:c\":{}},\"f:e\":{}}"));
    assertEquals(
        raw("{\"f:a\":{},\"f:b\":{\"f:c\":{},\"f:d\":{}},\"f:e\":{}}"), a.union(b).toFieldsV1());
    assertEquals(raw("{\"f:b\":{\"f:c\":{}}}"), a.intersection(b).toFieldsV1());
    assertEquals(raw("{\"f:a\":{},\"f:b\":{\"f:d\":{}}}"), a.difference(b).toFieldsV1());

    FieldSet parent = FieldSet.fromFieldsV1(raw("{\"f:b\":{}}"));
    assertEquals(
        raw("{\"f:a\":{},\"f:b\":{\"f:c\":{},\"f:d\":{}}}"), a.difference(parent).toFieldsV1());
    assertEquals(raw("{\"f:a\":{}}"), a.recursiveDifference(parent).toFieldsV1());

    FieldSet withSelf = FieldSet.fromFieldsV1(raw("{\"f:b\":{\".\":{},\"f:c\":{}}}"));
    assertEquals(raw("{\"f:b\":{\"f:c\":{}}}"), withSelf.leaves().toFieldsV1());
    assertTrue(withSelf.has(List.of(PathElement.field("b"))));
    assertFalse(a.has(List.of(PathElement.field("b"))));
    assertTrue(new FieldSet().isEmpty());
  }
}
