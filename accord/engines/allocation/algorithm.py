"""The two policies, on integer arrays only.

Each returns ``(held, weakest)``: the place index each student holds (-1 for none) and, per place, the
admitted student with the lowest priority (-1 when empty), which is what a rejected student is told about.
"""

from __future__ import annotations

from heapq import heappush, heapreplace

from .instance import Instance


def deferred_acceptance(instance: Instance) -> tuple[list[int], list[int]]:
    """Student-proposing deferred acceptance (Gale-Shapley with capacities).

    Each place keeps a min-heap of the priority keys it tentatively holds, so "is this applicant better than
    my weakest?" is one comparison and an eviction is one ``heapreplace``. Students propose in common-ranking
    order: the outcome does not depend on the order, but with one shared ranking nobody is ever evicted, so
    the usual case runs as fast as serial dictatorship.
    """
    n = len(instance.students)
    prefs, keys, capacity = instance.prefs, instance.keys, instance.capacity
    heaps: list[list[int]] = [[] for _ in capacity]
    held = [-1] * n
    next_choice = [0] * n
    free = instance.order[::-1]
    pop, push = free.pop, free.append
    while free:
        s = pop()
        choices, student_keys = prefs[s], keys[s]
        i, count = next_choice[s], len(choices)
        while i < count:
            p = choices[i]
            key = student_keys[i]
            i += 1
            heap = heaps[p]
            if len(heap) < capacity[p]:
                heappush(heap, key)
                held[s] = p
                break
            if key > heap[0]:
                evicted = heapreplace(heap, key) % n
                held[s] = p
                held[evicted] = -1
                push(evicted)
                break
        next_choice[s] = i
    weakest = [heap[0] % n if heap else -1 for heap in heaps]
    return held, weakest


def serial_dictatorship(instance: Instance) -> tuple[list[int], list[int]]:
    """Each student in common-ranking order takes their best admissible place with a seat left.

    This is what most offices do by hand; it ignores places' own priorities, so it is here to compare against.
    """
    n = len(instance.students)
    prefs, capacity = instance.prefs, instance.capacity
    left = list(capacity)
    held = [-1] * n
    weakest = [-1] * len(capacity)
    for s in instance.order:
        for p in prefs[s]:
            if left[p]:
                left[p] -= 1
                held[s] = p
                weakest[p] = s
                break
    return held, weakest
