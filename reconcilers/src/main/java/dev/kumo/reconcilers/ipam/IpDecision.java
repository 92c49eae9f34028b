package dev.kumo.reconcilers.ipam;

import dev.kumo.api.network.v1alpha1.IpRange;
import java.util.Objects;

/**
 * What the planner decided for one address request: an address to claim (by creating its {@code
 * IpAddress} object) or a refusal with a reason a user can read.
 */
public sealed interface IpDecision {

  /** Whether an address was chosen. */
  default boolean allocated() {
    return this instanceof Allocated;
  }

  /**
   * The address to claim and the range it comes from (its gateway and netmask go to the NIC).
   *
   * @param ip the dotted-quad address
   * @param address the same address as an unsigned 32-bit number
   * @param range the IP range of the L3 network that holds it
   */
  record Allocated(String ip, long address, IpRange range) implements IpDecision {
    /** Checks the fields. */
    public Allocated {
      Objects.requireNonNull(ip, "ip");
      Objects.requireNonNull(range, "range");
    }
  }

  /**
   * No address: why, machine-readable and in words.
   *
   * @param reason the kind of refusal
   * @param message a sentence naming the address and network concerned
   */
  record Refused(Reason reason, String message) implements IpDecision {
    /** Checks the fields. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  /** Why a request was refused. */
  enum Reason {
    /** The L3 network has no IP range of the requested type. */
    NO_RANGES,
    /** Every allocatable address is taken. */
    EXHAUSTED,
    /** The requested address is not a dotted-quad IPv4 address. */
    INVALID_ADDRESS,
    /** The requested address is in no range of the requested type. */
    OUT_OF_RANGE,
    /** The requested address is a gateway of the L3 network. */
    GATEWAY,
    /** The requested address is the network address of its range's subnet. */
    NETWORK_ADDRESS,
    /** The requested address is the broadcast address of its range's subnet. */
    BROADCAST_ADDRESS,
    /** The requested address lies in a reserved range. */
    RESERVED,
    /** The requested address is already allocated. */
    TAKEN
  }
}
