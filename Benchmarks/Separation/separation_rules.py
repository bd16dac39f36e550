"""The contract's space-time separation rules (C10, rules 1-4) in plain Python, for exact_cpsat.py: the walking graph,
shortest routes, the intervals a visit holds, and verify(), a checker of a plan written without the CP-SAT model.
A benchmark comparison tool, not part of the product (docs/PERFORMANCE.md, section 9)."""

import heapq
import sys

# ---------------------------------------------------------------------------------------------------------------
# Graph helpers (shared by the model and the verifier; they only read the problem).


def build_graph(problem):
    """Undirected adjacency {node: {neighbour: minutes}}; a pair listed twice keeps its shorter edge."""
    nodes = problem["nodes"]
    adjacency = {n: {} for n in nodes}
    for edge in problem["edges"]:
        a, b, m = edge["a"], edge["b"], int(edge["minutes"])
        if a not in adjacency or b not in adjacency:
            raise ValueError(f"edge {a}-{b} names an unknown node")
        if m < 0:
            raise ValueError(f"edge {a}-{b} has negative minutes")
        if a == b:
            continue
        if b not in adjacency[a] or m < adjacency[a][b]:
            adjacency[a][b] = m
            adjacency[b][a] = m
    return adjacency


def dijkstra(adjacency, source):
    dist = {source: 0}
    heap = [(0, source)]
    while heap:
        d, u = heapq.heappop(heap)
        if d > dist[u]:
            continue
        for v, m in adjacency[u].items():
            nd = d + m
            if v not in dist or nd < dist[v]:
                dist[v] = nd
                heapq.heappush(heap, (nd, v))
    return dist


def edge_key(a, b):
    return (a, b) if a <= b else (b, a)


# ---------------------------------------------------------------------------------------------------------------
# Intervals of one visit, relative to its start (the model's offsets; verify() computes its own).


def visit_intervals(route, adjacency, minutes, buffer_minutes, facility, group):
    """Occupied intervals of a visit starting at 0, as (resource, begin, end) with half-open [begin, end).

    Resources: ("facility", code), ("group", code), ("edge", a, b) with a <= b, ("node", code). Empty intervals are
    dropped; intervals of this one visit on the same resource are not merged here (see merged())."""
    lengths = [adjacency[route[k]][route[k + 1]] for k in range(len(route) - 1)]
    w = sum(lengths)
    out = [
        (("facility", facility), 0, minutes + buffer_minutes),
        (("group", group), -w, minutes + w),
    ]
    walked = 0  # c_k: minutes walked before edge k (going out)
    for k, length in enumerate(lengths):
        resource = ("edge",) + edge_key(route[k], route[k + 1])
        out.append((resource, -w + walked, -w + walked + length))
        back = minutes + (w - walked - length)  # coming back, from the facility's node, edge k is reached here
        out.append((resource, back, back + length))
        walked += length
        node = route[k + 1]
        if k + 1 < len(route) - 1:  # inner node
            t_out = -w + walked
            t_back = minutes + (w - walked)
            out.append((("node", node), t_out - 1, t_out + 1))
            out.append((("node", node), t_back - 1, t_back + 1))
    return [(r, b, e) for (r, b, e) in out if e > b], w


def merged(intervals):
    """Per resource, the union of one visit's intervals, as disjoint (resource, begin, end) pieces."""
    by_resource = {}
    for r, b, e in intervals:
        by_resource.setdefault(r, []).append((b, e))
    result = []
    for r, spans in by_resource.items():
        spans.sort()
        cb, ce = spans[0]
        for b, e in spans[1:]:
            if b <= ce:
                ce = max(ce, e)
            else:
                result.append((r, cb, ce))
                cb, ce = b, e
        result.append((r, cb, ce))
    return result


# ---------------------------------------------------------------------------------------------------------------
# Independent verifier of rules 1-4.


def verify(problem, visits):
    """Returns (problems, objective): a list of strings (empty when the plan is valid) and sum |start - preferred|."""
    problems = []
    slot = int(problem["slotMinutes"])
    try:
        adjacency = build_graph(problem)
    except ValueError as error:
        return [str(error)], None
    groups = {g["code"]: g for g in problem["groups"]}
    facilities = {f["code"]: f for f in problem["facilities"]}
    demands = problem["demands"]
    seen = {}
    for index, visit in enumerate(visits):
        d = visit.get("demand")
        if not isinstance(d, int) or not (0 <= d < len(demands)):
            problems.append(f"visit {index}: no demand {d!r}")
            continue
        if d in seen:
            problems.append(f"demand {d}: more than one visit")
        seen[d] = visit
    for d in range(len(demands)):
        if d not in seen:
            problems.append(f"demand {d}: no visit")

    occupied = []  # (resource, begin, end, demand)
    objective = 0
    dist_cache = {}
    for d, visit in sorted(seen.items()):
        demand = demands[d]
        group = groups.get(demand["group"])
        facility = facilities.get(visit.get("facility"))
        if group is None:
            problems.append(f"demand {d}: unknown group {demand['group']!r}")
            continue
        if facility is None:
            problems.append(f"demand {d}: unknown facility {visit.get('facility')!r}")
            continue
        if facility["kind"] != demand["kind"]:
            problems.append(f"demand {d}: facility {facility['code']} is {facility['kind']}, not {demand['kind']}")
        start, minutes = visit.get("start"), int(demand["minutes"])
        if not isinstance(start, int):
            problems.append(f"demand {d}: start {start!r} is not an integer")
            continue
        lo, hi = demand["window"]
        if start % slot != 0:
            problems.append(f"demand {d}: start {start} is not a multiple of {slot}")
        if start < lo or start + minutes > hi:
            problems.append(f"demand {d}: [{start}, {start + minutes}) is outside the window [{lo}, {hi}]")
        objective += abs(start - demand["preferred"])

        route = visit.get("route")
        home, target = group["home"], facility["node"]
        if not isinstance(route, list) or not route or route[0] != home or route[-1] != target:
            problems.append(f"demand {d}: route {route!r} does not run from {home} to {target}")
            continue
        broken = [(route[k], route[k + 1]) for k in range(len(route) - 1)
                  if route[k] not in adjacency or route[k + 1] not in adjacency[route[k]]]
        if broken:
            problems.append(f"demand {d}: route {route} has no edge {broken[0][0]}-{broken[0][1]}")
            continue
        if home not in dist_cache:
            dist_cache[home] = dijkstra(adjacency, home)
        w = sum(adjacency[route[k]][route[k + 1]] for k in range(len(route) - 1))
        if w != dist_cache[home].get(target):
            problems.append(f"demand {d}: route {route} takes {w} min, the shortest is {dist_cache[home].get(target)}")
        # Occupation, computed by walking the route with a clock (deliberately not with the model's visit_intervals).
        spans = [(("facility", facility["code"]), start, start + minutes + int(facility.get("bufferMinutes", 0))),
                 (("group", group["code"]), start - w, start + minutes + w)]
        for path, clock in ((route, start - w), (route[::-1], start + minutes)):
            for k in range(len(path) - 1):
                a, b = path[k], path[k + 1]
                length = adjacency[a][b]
                spans.append((("edge",) + edge_key(a, b), clock, clock + length))
                clock += length
                if k + 1 < len(path) - 1:  # b is strictly inside the route: passed at `clock`
                    spans.append((("node", b), clock - 1, clock + 1))
        for r, b, e in spans:
            if e > b:  # an empty interval occupies nothing
                occupied.append((r, b, e, d))

    # Per resource: sweep by start, keeping the intervals still open; a pair of different visits that overlaps is a
    # conflict (the same visit's own intervals never conflict with each other).
    by_resource = {}
    for r, b, e, d in occupied:
        by_resource.setdefault(r, []).append((b, e, d))
    for r in sorted(by_resource, key=repr):
        spans = sorted(by_resource[r])
        active = []
        for b, e, d in spans:
            active = [x for x in active if x[1] > b]
            for ob, oe, od in active:
                if od != d:
                    problems.append(f"{r[0]} {'-'.join(r[1:])}: demand {od} [{ob}, {oe}) overlaps demand {d} [{b}, {e})")
            active.append((b, e, d))
    return problems, objective


# ---------------------------------------------------------------------------------------------------------------
# Route enumeration.


def shortest_routes(adjacency, order, home, target, cap, dist_home):
    """All shortest simple paths home -> target (at most `cap`), depth-first, neighbours in `nodes` order."""
    if target not in dist_home:
        return []
    if home == target:
        return [[home]]
    total = dist_home[target]
    dist_target = dijkstra(adjacency, target)
    routes = []
    path = [home]
    on_path = {home}

    def walk(u):
        if len(routes) >= cap:
            return
        if u == target:
            routes.append(list(path))
            return
        for v in sorted(adjacency[u], key=order.__getitem__):
            if v in on_path or v not in dist_target:
                continue
            if dist_home[u] + adjacency[u][v] != dist_home[v] or dist_home[v] + dist_target[v] != total:
                continue
            path.append(v)
            on_path.add(v)
            walk(v)
            path.pop()
            on_path.discard(v)
            if len(routes) >= cap:
                return

    sys.setrecursionlimit(max(1000, 4 * len(order) + 100))
    walk(home)
    return routes
