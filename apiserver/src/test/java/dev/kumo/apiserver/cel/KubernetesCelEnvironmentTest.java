package dev.kumo.apiserver.cel;

import static dev.kumo.apiserver.cel.RuleAssertions.assertFails;
import static dev.kumo.apiserver.cel.RuleAssertions.assertHolds;
import static dev.kumo.apiserver.cel.RuleAssertions.evaluate;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The functions and macros kube-apiserver offers to rules, as this environment provides them. */
class KubernetesCelEnvironmentTest {

  @Test
  void supportsTheStandardMacros() {
    assertHolds("[1, 2, 3].all(x, x > 0)");
    assertHolds("[1, 2, 3].exists(x, x == 2)");
    assertHolds("[1, 2, 2].exists_one(x, x == 1)");
    assertHolds("[1, 2, 3].map(x, x * 2) == [2, 4, 6]");
    assertHolds("[1, 2, 3].filter(x, x > 1) == [2, 3]");
    assertHolds("has({'a': 1}.a)");
  }

  @Test
  void supportsMatchesWithRe2PartialMatching() {
    assertHolds("'vm-01'.matches('^[a-z]+-[0-9]+$')");
    assertHolds("'xx-vm-01'.matches('vm')");
  }

  @Test
  void supportsTheStringsExtension() {
    assertHolds("'a.b.c'.split('.') == ['a', 'b', 'c']");
    assertHolds("'AbC'.lowerAscii() == 'abc' && 'AbC'.upperAscii() == 'ABC'");
    assertHolds("'a-b-c'.replace('-', '.') == 'a.b.c'");
    assertHolds("'abcabc'.indexOf('c') == 2 && 'abcabc'.lastIndexOf('c') == 5");
    assertHolds("['a', 'b'].join(',') == 'a,b'");
    assertHolds("'kumo'.substring(1, 3) == 'um'");
    assertHolds("'  x '.trim() == 'x'");
    assertHolds("'abc'.charAt(1) == 'b'");
  }

  @Test
  void supportsTheKubernetesListsLibrary() {
    assertHolds("[1, 2, 2, 5].isSorted() && !['b', 'a'].isSorted()");
    assertHolds("[1, 2, 3].sum() == 6 && [0.5, 0.25].sum() == 0.75");
    assertHolds("[3, 1, 2].min() == 1 && [3, 1, 2].max() == 3");
    assertHolds("['a', 'b', 'a'].indexOf('a') == 0 && ['a', 'b', 'a'].lastIndexOf('a') == 2");
    assertHolds("[1, 2].indexOf(3) == -1");
  }

  @Test
  void sumsAnEmptyListOfIntsToZero() {
    assertHolds("[1, 2].filter(x, x > 5).sum() == 0");
  }

  @Test
  void reportsMinOfAnEmptyListAsAnEvaluationError() {
    assertEquals(
        List.of(
            "<nil>: Invalid value: \"object\": min(list) called on empty list evaluating rule:"
                + " [1].filter(x, x > 5).min() == 0"),
        evaluate("[1].filter(x, x > 5).min() == 0"));
  }

  @Test
  void supportsCelBind() {
    assertHolds("cel.bind(xs, [1, 2, 3], xs.size() == 3 && xs[0] == 1)");
  }

  @Test
  void supportsOptionalTypes() {
    assertHolds("{'a': 1}.?b.orValue(7) == 7");
    assertHolds("optional.of(1).hasValue() && !optional.none().hasValue()");
  }

  @Test
  void supportsTheSetsExtension() {
    assertHolds("sets.contains([1, 2, 3], [2, 3]) && sets.intersects([1], [1, 4])");
  }

  @Test
  void supportsTwoVariableComprehensions() {
    assertHolds("['a', 'b'].all(i, v, i < 2 && v != '')");
  }

  @Test
  void supportsTernariesAndIntegerArithmetic() {
    assertHolds("(7 / 2 == 3 ? 'trunc' : 'float') == 'trunc' && 7 % 3 == 1 && -7 / 2 == -3");
  }

  @Test
  void comparesIntsWithDoublesButDoesNotEquateThem() {
    assertHolds("1 < 1.5 && 2.0 >= 2");
  }

  @Test
  void parsesIntsFromStrings() {
    assertHolds("int('0042') == 42");
  }

  @Test
  void reportsIntegerOverflowAsAnEvaluationError() {
    assertEquals(
        List.of(
            "<nil>: Invalid value: \"object\": integer overflow evaluating rule:"
                + " 9223372036854775807 + [1][0] > 0"),
        evaluate("9223372036854775807 + [1][0] > 0"));
  }

  @Test
  void reportsDivisionByZeroAsAnEvaluationError() {
    assertEquals(
        List.of(
            "<nil>: Invalid value: \"object\": division by zero evaluating rule: 1 / [0][0] == 1"),
        evaluate("1 / [0][0] == 1"));
  }

  @Test
  void failsRulesThatEvaluateToFalse() {
    assertFails("'a' == 'b'");
  }

  @Test
  void parsesIpAddresses() {
    assertHolds("ip('10.1.2.3').family() == 4 && ip('fd00::1').family() == 6");
    assertHolds("string(ip('2001:DB8:0:0:0:0:0:1')) == '2001:db8::1'");
    assertHolds("ip('10.0.0.1') == ip('10.0.0.1') && ip('10.0.0.1') != ip('10.0.0.2')");
  }

  @Test
  void classifiesIpAddresses() {
    assertHolds("ip('0.0.0.0').isUnspecified() && ip('::').isUnspecified()");
    assertHolds("ip('127.0.0.9').isLoopback() && ip('::1').isLoopback()");
    assertHolds("ip('224.0.0.1').isLinkLocalMulticast() && ip('ff02::1').isLinkLocalMulticast()");
    assertHolds("ip('169.254.1.1').isLinkLocalUnicast() && ip('fe80::1').isLinkLocalUnicast()");
    assertHolds("ip('10.0.0.1').isGlobalUnicast() && !ip('255.255.255.255').isGlobalUnicast()");
  }

  @Test
  void checksIpSyntax() {
    assertHolds("isIP('192.168.0.1') && isIP('::ffff') && !isIP('192.168.0.01')");
    assertHolds("!isIP('1.2.3') && !isIP('::ffff:1.2.3.4') && !isIP('fe80::1%eth0')");
    assertHolds("ip.isCanonical('2001:db8::1') && !ip.isCanonical('2001:DB8::1')");
  }

  @Test
  void reportsAnInvalidIpAsAnEvaluationError() {
    assertEquals(
        List.of(
            "<nil>: Invalid value: \"object\": IP Address \"10.0.0.256\" parse error during"
                + " conversion from string: ParseAddr(\"10.0.0.256\"): IPv4 field has value >255"
                + " evaluating rule: ip('10.0.0.256').family() == 4"),
        evaluate("ip('10.0.0.256').family() == 4"));
  }

  @Test
  void supportsCidrs() {
    assertHolds(
        "cidr('10.0.0.0/8').containsIP('10.1.2.3') && !cidr('10.0.0.0/8').containsIP('11.0.0.1')");
    assertHolds("cidr('10.0.0.0/8').containsIP(ip('10.1.2.3'))");
    assertHolds(
        "cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16') && !cidr('10.1.0.0/16').containsCIDR('10.0.0.0/8')");
    assertHolds(
        "cidr('10.1.2.3/8').prefixLength() == 8 && cidr('10.1.2.3/8').ip() == ip('10.1.2.3')");
    assertHolds("cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8')");
    assertHolds("string(cidr('fd00:0:0::/48').masked()) == 'fd00::/48'");
  }

  @Test
  void checksCidrSyntax() {
    assertHolds("isCIDR('10.0.0.0/8') && !isCIDR('10.0.0.0') && !isCIDR('10.0.0.0/33')");
    assertHolds("!isCIDR('10.0.0.0/08') && isCIDR('::/0')");
  }
}
