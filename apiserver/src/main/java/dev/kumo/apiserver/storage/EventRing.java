package dev.kumo.apiserver.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A fixed-capacity ring of the most recent events, in non-decreasing revision order, that finds the
 * events after a revision by binary search. Not thread-safe.
 */
final class EventRing<E> {
  private final Object[] items;
  private final ToLongFunction<E> revisionOf;
  private int head;
  private int size;

  EventRing(int capacity, ToLongFunction<E> revisionOf) {
    if (capacity < 1) {
      throw new IllegalArgumentException("event capacity must be positive: " + capacity);
    }
    this.items = new Object[capacity];
    this.revisionOf = revisionOf;
  }

  /**
   * Appends an event.
   *
   * @return the oldest event, evicted to make room, or null when there was room
   */
  E add(E event) {
    E evicted = null;
    if (size == items.length) {
      evicted = get(0);
      head = (head + 1) % items.length;
      size--;
    }
    items[(head + size) % items.length] = event;
    size++;
    return evicted;
  }

  /** The events with a revision greater than {@code revision}, oldest first. */
  List<E> after(long revision) {
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (revisionOf.applyAsLong(get(mid)) <= revision) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    List<E> result = new ArrayList<>(size - low);
    for (int i = low; i < size; i++) {
      result.add(get(i));
    }
    return result;
  }

  /** Removes every event. */
  void clear() {
    java.util.Arrays.fill(items, null);
    head = 0;
    size = 0;
  }

  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  private E get(int index) {
    return (E) items[(head + index) % items.length];
  }
}
