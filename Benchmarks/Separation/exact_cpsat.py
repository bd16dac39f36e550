#!/usr/bin/env python3
"""Exact solver (Google OR-tools CP-SAT) for the space-time separation timetabling problem.

A benchmark comparison tool, NOT part of the product: it exists only so the Swift planner's objective can be
compared with an exact solver's (Benchmarks/SeparationCompare, docs/PERFORMANCE.md section 9). The rules and the
independent checker are in separation_rules.py, the bound-giving layers and the hint in cpsat_layers.py.

Command:

    pip install ortools
    python3 exact_cpsat.py problem.json --time-limit 60 --workers 2 --max-routes 4 [--hint hint.json] \
        > solution.json

Input: the contract's problem JSON (name, slotMinutes, nodes, edges, groups, facilities, demands; times are minutes
since midnight). Output on stdout:

    {"status": "OPTIMAL"|"FEASIBLE"|"INFEASIBLE"|"UNKNOWN", "objective": int|null, "bestBound": number|null,
     "wallSeconds": float, "visits": [{"demand": i, "facility": code, "start": s, "route": [node codes]}]}

`wallSeconds` is the time spent building the model plus CP-SAT's solve, not the JSON reading. `bestBound` is CP-SAT's
lower bound on the objective, null when the model is infeasible. Progress (with --log) and a one-line summary go to
stderr only. Other options: --time-indexed auto|full|light|off (below), --params "name:value ..." (more CP-SAT
parameters), --seed, --no-implied (leave out the implied constraints; for testing).

Model
-----
* For each demand d, options = (facility of d's kind, in the order of `facilities`) x (shortest routes from the
  group's home to the facility's node: all shortest simple paths, enumerated depth-first with neighbours in the order
  of `nodes`, at most --max-routes per pair). One boolean per option; exactly one per demand.
* k_d integer with start_d = slotMinutes * k_d, domain ceil(window[0]/slot) .. floor((window[1] - minutes)/slot).
* Every option contributes fixed-offset intervals (start_d + offset, fixed size) on its resources: the facility
  [s, s+minutes+buffer), the group [s-w, s+minutes+w), each route edge going out and coming back, and each inner node
  for [t-1, t+1) around each passing time t (out and back). Within one option, intervals on the same resource that
  overlap or touch are merged into their union (exact: another visit overlaps the union iff it overlaps one of the
  parts); this makes sure the model never forbids a demand's own intervals from meeting (rule 4 only compares two
  different visits). With positive edge lengths and minutes >= 0 they are disjoint anyway: on edge k the back walk
  starts minutes + 2*(w - c_k - len_k) >= 0 after the out walk ends, and an inner node's two passes are
  minutes + 2*(w - c_j) >= 2 apart, so the merge only matters for zero-length edges. Intervals of size 0 are empty
  sets under half-open overlap and are left out (CP-SAT's NoOverlap would count them).
* Intervals of one demand with the same (resource, offset, size) are shared between its options: one optional
  interval whose presence literal equals the sum of those options' booleans (at most one option is true), or a
  mandatory interval when every option of the demand has it. Different options of one demand never coexist, so
  no pair inside one demand is ever constrained.
* AddNoOverlap per resource (facility, group, undirected edge, node used as an inner node). This interval model
  alone is exact (rules 1-4, up to the --max-routes cap) and is what makes a solution valid.
* Objective: sum_d dev_d with dev_d >= start_d - preferred_d and dev_d >= preferred_d - start_d (with
  --time-indexed off), or the same sum written over the time-indexed layer's booleans (below).
* Implied constraints, which remove no valid plan (see add_implied_constraints): mandatory per-group intervals
  [s - wmin, s + minutes + wmin), a cumulative per facility kind, and start ordering of identical demands.
* Time-indexed layer (see add_time_indexed): booleans "demand d takes option/facility u at slot k", linked to the
  option booleans and k_d, with at-most-one rows per resource and time point. Added only because the interval
  model's LP bound is 0: on campus-10x5-1 the plain model ends FEASIBLE with bound 0 after 60 s, with the layer it is
  OPTIMAL in a few seconds. "full" covers every resource of every option (exact in itself); "light" uses one unit per
  facility and only facility rows plus implied group rows (much smaller); auto picks full when small enough (see
  FULL_LAYER_LIMIT), else light, and then also turns off presolve probing (cp_model_probing_level:0) unless
  --params says otherwise.

Checked against brute-force enumeration on a few hundred random tiny instances (every mode, same optimum or both
infeasible). The optimum is over the enumerated routes: with more shortest routes per pair than --max-routes the
answer is optimal only among those (campus-10x5 has at most 3 per pair, campus-40x5 up to 6).

--hint FILE takes a solution in the output format (e.g. our planner's plan) and gives it to CP-SAT with AddHint.
Before printing, the script checks its own solution with verify(), a pure-Python implementation of the validity
rules that does not use the model; if that fails it prints the problems to stderr and exits with status 2.
"""

import argparse
import json
import math
import sys
import time

from cpsat_layers import (add_implied_constraints, add_time_indexed, apply_hint, placements_flat, time_indexed_size,
                          time_indexed_units, twins_in_order)
from separation_rules import build_graph, dijkstra, merged, shortest_routes, verify, visit_intervals

# ---------------------------------------------------------------------------------------------------------------
# Model and solve.


# Above this time_indexed_size the full time-indexed layer is too big for presolve in a minute on 2 cores (campus-10x5:
# about 77,000, solved in seconds; campus-40x5: about 2.5 million, 5.7 million literals in its rows, and presolve
# never ended); auto then uses the light layer.
FULL_LAYER_LIMIT = 1_000_000


def solve(problem, time_limit, workers, max_routes, hint_visits=None, log=False, seed=0, redundant=True,
          time_indexed="auto", params=""):
    from ortools.sat.python import cp_model

    began = time.monotonic()
    slot = int(problem["slotMinutes"])
    adjacency = build_graph(problem)
    order = {n: i for i, n in enumerate(problem["nodes"])}
    groups = {g["code"]: g for g in problem["groups"]}
    demands = problem["demands"]
    model = cp_model.CpModel()
    infeasible_reasons = []

    dist_by_home = {}
    route_cache = {}
    options = []      # per demand: list of (facility code, route, bool var)
    k_vars, dev_vars = [], []
    by_resource = {}  # resource -> list of interval vars
    shared = []       # (demand, presence var or None, option indices) for hints
    option_pieces = []  # per demand, per option: merged (resource, begin, end) relative to the start
    k_ranges = []

    for d, demand in enumerate(demands):
        group = groups.get(demand["group"])
        if group is None:
            raise ValueError(f"demand {d}: unknown group {demand['group']!r}")
        home = group["home"]
        if home not in dist_by_home:
            dist_by_home[home] = dijkstra(adjacency, home)
        minutes = int(demand["minutes"])
        lo_window, hi_window = demand["window"]
        k_lo = -((-lo_window) // slot)
        k_hi = (hi_window - minutes) // slot
        if k_hi < k_lo:
            infeasible_reasons.append(f"demand {d}: no slot start fits its window")
            k_hi = k_lo
        k = model.new_int_var(k_lo, k_hi, f"k{d}")
        start = slot * k
        preferred = int(demand["preferred"])
        dev = model.new_int_var(0, max(abs(slot * k_lo - preferred), abs(slot * k_hi - preferred)), f"dev{d}")
        model.add(dev >= start - preferred)
        model.add(dev >= preferred - start)
        k_vars.append(k)
        dev_vars.append(dev)
        k_ranges.append((k_lo, k_hi))
        option_pieces.append([])

        demand_options = []
        pieces = {}  # (resource, begin, end) -> option indices
        for facility in problem["facilities"]:
            if facility["kind"] != demand["kind"]:
                continue
            key = (home, facility["node"])
            if key not in route_cache:
                route_cache[key] = shortest_routes(adjacency, order, home, facility["node"], max_routes,
                                                   dist_by_home[home])
            for route in route_cache[key]:
                o = len(demand_options)
                var = model.new_bool_var(f"x{d}_{o}")
                demand_options.append((facility["code"], route, var))
                spans, _ = visit_intervals(route, adjacency, minutes, int(facility.get("bufferMinutes", 0)),
                                           facility["code"], group["code"])
                option_pieces[d].append(merged(spans))
                for piece in option_pieces[d][o]:
                    pieces.setdefault(piece, []).append(o)
        if not demand_options:
            infeasible_reasons.append(f"demand {d}: no facility of kind {demand['kind']!r} is reachable")
        model.add_exactly_one([var for _, _, var in demand_options])
        options.append(demand_options)

        for (resource, b, e), users in sorted(pieces.items(), key=repr):
            name = f"i{d}_{len(shared)}"
            if len(users) == len(demand_options):
                interval = model.new_fixed_size_interval_var(start + b, e - b, name)
                shared.append((d, None, users))
            else:
                if len(users) == 1:
                    presence = demand_options[users[0]][2]
                    shared.append((d, None, users))
                else:
                    presence = model.new_bool_var(name + "p")
                    model.add(presence == sum(demand_options[o][2] for o in users))
                    shared.append((d, presence, users))
                interval = model.new_optional_fixed_size_interval_var(start + b, e - b, presence, name)
            by_resource.setdefault(resource, []).append(interval)

    if redundant:
        add_implied_constraints(model, problem, options, k_vars, slot, adjacency)
        if hint_visits is not None:
            hint_visits = twins_in_order(problem, hint_visits)

    if infeasible_reasons:
        for reason in infeasible_reasons:
            print(reason, file=sys.stderr)
        model.add_bool_or([])  # an empty clause: the model is infeasible
    for resource in sorted(by_resource, key=repr):
        if len(by_resource[resource]) > 1:
            model.add_no_overlap(by_resource[resource])
    placements = None
    if time_indexed == "auto":
        size = time_indexed_size(time_indexed_units(problem, options, option_pieces, "full"), k_ranges, slot)
        time_indexed = "full" if size <= FULL_LAYER_LIMIT else "light"
        if time_indexed == "light" and "cp_model_probing_level" not in params:
            # On campus-40x5 presolve's probing alone took the whole minute (2 busy cores), so nothing, not even the
            # hint, came out; without it the hint is loaded at once and LNS improves on it.
            params = (params + " cp_model_probing_level:0").strip()
    if time_indexed in ("full", "light"):
        layer = time_indexed_units(problem, options, option_pieces, time_indexed)
        print(f"time-indexed layer: {time_indexed}, size about {time_indexed_size(layer, k_ranges, slot)}"
              + (f"; parameters {params}" if params else ""), file=sys.stderr)
        placements, starts = add_time_indexed(model, problem, options, layer, k_vars, k_ranges, slot)
        model.minimize(sum(cost * x for _, cost, x in placements_flat(placements)))
        if hint_visits is not None:
            hinted = {v.get("demand"): v.get("start") for v in hint_visits}
            for d, k, v in starts:
                if isinstance(hinted.get(d), int):
                    model.add_hint(v, 1 if hinted[d] == slot * k else 0)
    else:
        model.minimize(sum(dev_vars))

    if hint_visits is not None:
        apply_hint(model, problem, hint_visits, options, k_vars, dev_vars, shared, slot, placements)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.num_workers = int(workers)
    solver.parameters.random_seed = int(seed)
    for item in params.split():  # "name:value" pairs, converted to the type of the parameter's current value
        key, _, text = item.partition(":")
        current = getattr(solver.parameters, key)
        if isinstance(current, bool):
            value = text.lower() in ("true", "1")
        elif isinstance(current, int):
            value = int(text)
        elif isinstance(current, float):
            value = float(text)
        else:
            value = text
        setattr(solver.parameters, key, value)
    if log:
        solver.parameters.log_search_progress = True
        solver.parameters.log_to_stdout = False
        solver.log_callback = lambda line: print(line, file=sys.stderr)
    status = solver.solve(model)
    wall = time.monotonic() - began
    name = solver.status_name(status)
    if name == "MODEL_INVALID":
        print(model.validate(), file=sys.stderr)
        raise RuntimeError("CP-SAT says the model is invalid")

    visits = []
    objective = None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for d, demand_options in enumerate(options):
            chosen = [(f, r) for f, r, var in demand_options if solver.boolean_value(var)]
            facility, route = chosen[0]
            visits.append({"demand": d, "facility": facility, "start": slot * solver.value(k_vars[d]),
                           "route": route})
        objective = int(round(solver.objective_value))
    bound = solver.best_objective_bound
    stats = {"intervals": sum(len(v) for v in by_resource.values()), "resources": len(by_resource),
             "options": sum(len(o) for o in options)}
    return {"status": name, "objective": objective,
            "bestBound": bound if name != "INFEASIBLE" and bound is not None and math.isfinite(bound) else None,
            "wallSeconds": round(wall, 3), "visits": visits}, stats


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("problem")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-routes", type=int, default=4)
    parser.add_argument("--hint", help="a solution in the output format to give CP-SAT as a hint")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--log", action="store_true", help="CP-SAT's search log on stderr")
    parser.add_argument("--params", default="", help='more CP-SAT parameters as name:value pairs, e.g. '
                        '"cp_model_probing_level:0 linearization_level:2"')
    parser.add_argument("--no-implied", action="store_true", help="leave out the implied constraints (for testing)")
    parser.add_argument("--time-indexed", choices=["auto", "full", "light", "off"], default="auto",
                        help="the time-indexed layer for the bound: full (every option and resource), light "
                             "(facility x slot, facilities and groups only), off (the plain interval model, whose "
                             "LP bound is 0); auto = full when it is small enough, else light")
    args = parser.parse_args(argv)
    if args.max_routes < 1:
        parser.error("--max-routes must be at least 1")

    with open(args.problem, encoding="utf-8") as f:
        problem = json.load(f)
    hint = None
    if args.hint:
        with open(args.hint, encoding="utf-8") as f:
            hint = json.load(f)
        hint = hint["visits"] if isinstance(hint, dict) else hint

    result, stats = solve(problem, args.time_limit, args.workers, args.max_routes, hint, args.log, args.seed,
                          not args.no_implied, args.time_indexed, args.params)
    print(f"{problem.get('name', args.problem)}: {len(problem['demands'])} demands, {stats['options']} options, "
          f"{stats['intervals']} intervals on {stats['resources']} resources; {result['status']} objective "
          f"{result['objective']} bound {result['bestBound']} in {result['wallSeconds']} s", file=sys.stderr)

    if result["visits"]:
        problems, score = verify(problem, result["visits"])
        if score != result["objective"]:
            problems.append(f"CP-SAT's objective {result['objective']} differs from the visits' score {score}")
        if problems:
            print("the solution does not verify:", file=sys.stderr)
            for p in problems:
                print("  " + p, file=sys.stderr)
            return 2
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
