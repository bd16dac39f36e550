"""What exact_cpsat.py adds to its CP-SAT interval model to get a bound and prune: implied constraints (removing no valid
plan), the time-indexed layer, and the hint from another solver's plan. A benchmark comparison tool, not part of the
product (docs/PERFORMANCE.md, section 9)."""

import sys

from separation_rules import verify

def add_implied_constraints(model, problem, options, k_vars, slot, adjacency):
    """Constraints every valid plan satisfies anyway (they remove no solution, only help CP-SAT prune and bound).

    * Per group: its demands' [start - wmin, start + minutes + wmin) never overlap, wmin being the shortest walk over
      the demand's options; the true group interval [start - w, start + minutes + w) contains it. Mandatory intervals
      propagate much better than the optional ones.
    * Per kind: at any time at most (number of facilities of the kind) demands of that kind are inside
      [start, start + minutes + smallest buffer of the kind), which each visit's facility interval contains.
    * Demands identical in group, kind, minutes, window and preferred have identical options; swapping two of their
      visits gives a plan with the same occupation and objective, so their starts may be ordered (k_i <= k_j).
    """
    demands = problem["demands"]
    facilities_of_kind = {}
    for facility in problem["facilities"]:
        facilities_of_kind.setdefault(facility["kind"], []).append(facility)
    by_group, by_kind, twins = {}, {}, {}
    for d, demand in enumerate(demands):
        if not options[d]:
            continue
        minutes = int(demand["minutes"])
        start = slot * k_vars[d]
        wmin = min(sum(adjacency[r[i]][r[i + 1]] for i in range(len(r) - 1)) for _, r, _ in options[d])
        if minutes + 2 * wmin > 0:
            by_group.setdefault(demand["group"], []).append(
                model.new_fixed_size_interval_var(start - wmin, minutes + 2 * wmin, f"g{d}"))
        buffer = min(int(f.get("bufferMinutes", 0)) for f in facilities_of_kind[demand["kind"]])
        if minutes + buffer > 0:
            by_kind.setdefault(demand["kind"], []).append(
                model.new_fixed_size_interval_var(start, minutes + buffer, f"f{d}"))
        twins.setdefault(twin_key(demand), []).append(d)
    for intervals in by_group.values():
        if len(intervals) > 1:
            model.add_no_overlap(intervals)
    for kind, intervals in by_kind.items():
        capacity = len(facilities_of_kind[kind])
        if len(intervals) > capacity:
            if capacity == 1:
                model.add_no_overlap(intervals)
            else:
                model.add_cumulative(intervals, [1] * len(intervals), capacity)
    for same in twins.values():
        for a, b in zip(same, same[1:]):
            model.add(k_vars[a] <= k_vars[b])


def twin_key(demand):
    return (demand["group"], demand["kind"], int(demand["minutes"]), tuple(demand["window"]), demand["preferred"])


def twins_in_order(problem, visits):
    """The hint with identical demands' visits handed out in start order, to agree with the implied k_i <= k_j."""
    demands = problem["demands"]
    by_demand = {v.get("demand"): v for v in visits if isinstance(v.get("demand"), int)
                 and 0 <= v.get("demand") < len(demands) and isinstance(v.get("start"), int)}
    twins = {}
    for d in sorted(by_demand):
        twins.setdefault(twin_key(demands[d]), []).append(d)
    result = [v for v in visits if v.get("demand") not in by_demand]
    for same in twins.values():
        ordered = sorted((by_demand[d] for d in same), key=lambda v: v["start"])
        result += [dict(v, demand=d) for d, v in zip(same, ordered)]
    return result


def placements_flat(placements):
    for per_demand in placements:
        for (unit, k), (cost, y, users) in per_demand.items():
            yield (unit, k), cost, y


def time_indexed_units(problem, options, option_pieces, mode):
    """Per demand, the units of the time-indexed layer, {unit: (option indices, pieces)}, and the pieces that go
    with the start alone, whatever the option.

    "full": one unit per option, with all its pieces (exact). "light": one unit per facility, covering every route to
    it, with only its facility piece (exact for that resource), and per demand the start-only piece
    [-wmin, minutes + wmin) on its group, wmin being its shortest walk over the options (implied: the true group
    interval contains it). Edges and inner nodes are then left to the interval model alone. The layer need only be
    implied by rules 1-4, since the interval model enforces them; exactness of "full" is a bonus."""
    units, start_pieces = [], []
    for d in range(len(options)):
        per_demand, own = {}, []
        for o, (facility, _, _) in enumerate(options[d]):
            if mode == "full":
                per_demand[o] = ([o], option_pieces[d][o])
            elif facility in per_demand:
                per_demand[facility][0].append(o)
            else:
                per_demand[facility] = ([o], [x for x in option_pieces[d][o] if x[0][0] == "facility"])
        if mode == "light" and options[d]:
            groups = [x for o in range(len(options[d])) for x in option_pieces[d][o] if x[0][0] == "group"]
            if groups:
                narrowest = max(groups, key=lambda x: x[1])  # the largest begin -w is the smallest w
                own.append(narrowest)
        units.append(per_demand)
        start_pieces.append(own)
    return units, start_pieces


def time_indexed_size(layer, k_ranges, slot):
    """Roughly how many placements x covered slots the layer's rows hold (a rough guide to its size)."""
    units, start_pieces = layer
    return sum((k_ranges[d][1] - k_ranges[d][0] + 1) * sum((e - b) // slot + 1 for _, b, e in pieces)
               for d, per_demand in enumerate(units) for pieces in [p for _, p in per_demand.values()]
               + [start_pieces[d]])


def add_time_indexed(model, problem, options, layer, k_vars, k_ranges, slot):
    """A time-indexed layer over the interval model, for a useful LP bound (the interval model alone gives 0).

    One boolean y[d, u, k] per demand, unit (an option, or a facility with all its routes: see time_indexed_units)
    and slot ("demand d takes unit u and starts at slot*k"), linked by sum_k y[d, u, k] = sum of u's option booleans
    and sum_{u,k} k*y[d, u, k] = k_d. For every resource and every point t where some placement's piece on it
    begins, the sum of the y whose piece covers t is <= 1. That is exact: two half-open integer intervals overlap
    iff the later one's begin lies in both, and a placement's merged pieces on one resource are disjoint, so each y
    counts once; placements of one demand are exclusive anyway. The objective becomes sum cost(d, k) * y
    (cost = |slot*k - preferred|), equal to sum dev_d on every solution; its LP relaxation with these clique rows
    gives CP-SAT a lower bound. Start-only pieces (light mode) go with v[d, k] = sum_u y[d, u, k]. Returns per demand
    {(u, k): (cost, y, option indices)}.
    """
    units, start_pieces = layer
    demands = problem["demands"]
    placements = []
    starts = []  # (d, k, v) of the start-only pieces, for hints
    covering = {}  # resource -> list of (begin, end, y)
    for d, demand in enumerate(demands):
        k_lo, k_hi = k_ranges[d]
        preferred = int(demand["preferred"])
        per_demand = {}
        for u, (users, pieces) in units[d].items():
            ys = []
            for k in range(k_lo, k_hi + 1):
                y = model.new_bool_var(f"y{d}_{u}_{k}")
                per_demand[(u, k)] = (abs(slot * k - preferred), y, users)
                ys.append(y)
                for resource, b, e in pieces:
                    covering.setdefault(resource, []).append((slot * k + b, slot * k + e, y))
            model.add(sum(ys) == sum(options[d][o][2] for o in users))
        if per_demand:
            model.add(sum(k * y for (_, k), (_, y, _) in per_demand.items()) == k_vars[d])
        if start_pieces[d] and per_demand:
            for k in range(k_lo, k_hi + 1):
                v = model.new_bool_var(f"v{d}_{k}")
                starts.append((d, k, v))
                model.add(v == sum(y for (_, kk), (_, y, _) in per_demand.items() if kk == k))
                for resource, b, e in start_pieces[d]:
                    covering.setdefault(resource, []).append((slot * k + b, slot * k + e, v))
        placements.append(per_demand)
    for resource in sorted(covering, key=repr):
        spans = sorted(covering[resource], key=lambda x: (x[0], x[1]))
        rows = []
        active = []
        for i, (b, e, y) in enumerate(spans):
            active = [a for a in active if a[1] > b]
            active.append((b, e, y))
            if i + 1 < len(spans) and spans[i + 1][0] == b:
                continue  # the row at b is written once, after every span beginning at b is in
            if len(active) > 1:
                rows.append([a[2] for a in active])
        # A row whose spans are all in the next row adds nothing: keep only the rows not contained in the following.
        for i, row in enumerate(rows):
            if i + 1 < len(rows) and set(map(id, row)) <= set(map(id, rows[i + 1])):
                continue
            model.add_at_most_one(row)
    return placements, starts


def apply_hint(model, problem, hint_visits, options, k_vars, dev_vars, shared, slot, placements=None):
    problems, hint_objective = verify(problem, hint_visits)
    print(f"hint: objective {hint_objective}, "
          + ("valid" if not problems else f"{len(problems)} problems, e.g. {problems[0]}"), file=sys.stderr)
    chosen = {}
    for visit in hint_visits:
        d = visit.get("demand")
        if not isinstance(d, int) or not (0 <= d < len(options)):
            continue
        start = visit.get("start")
        if isinstance(start, int) and start % slot == 0:
            model.add_hint(k_vars[d], start // slot)
            model.add_hint(dev_vars[d], abs(start - problem["demands"][d]["preferred"]))
        match = [o for o, (f, r, _) in enumerate(options[d]) if f == visit.get("facility") and r == visit.get("route")]
        if not match:
            print(f"hint: demand {d}: facility {visit.get('facility')} by {visit.get('route')} is not among the "
                  f"enumerated options (raise --max-routes?); its option is left unhinted", file=sys.stderr)
            continue
        chosen[d] = match[0]
        if placements is not None and isinstance(start, int) and start % slot == 0:
            for (_, k), (_, y, users) in placements[d].items():
                model.add_hint(y, 1 if (match[0] in users and slot * k == start) else 0)
        for o, (_, _, var) in enumerate(options[d]):
            model.add_hint(var, 1 if o == match[0] else 0)
    for d, presence, users in shared:
        if presence is not None and d in chosen:
            model.add_hint(presence, 1 if chosen[d] in users else 0)
