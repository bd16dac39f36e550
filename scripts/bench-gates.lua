-- wrk script for scripts/bench-gates.sh (docs/PERFORMANCE.md, section 4).
--
--   wrk -t2 -c8 -d30s --latency -s scripts/bench-gates.lua http://127.0.0.1:8092 -- MODE [ARGS…]
--
-- MODE:
--   events STUDENTS_FILE POINTS_FILE TOKEN RUN_ID [BATCH] [SPREAD_S]
--       POST /api/v1/access/events with `Authorization: Bearer TOKEN` (access:write), BATCH (default 1,000) NEW events
--       per request: every eventId is RUN_ID-THREAD-REQUEST-N, so no event is a duplicate as long as RUN_ID differs
--       between runs. Each event is a random student of STUDENTS_FILE at a random point of POINTS_FILE (one code a
--       line), direction in or out at random, granted, at a random instant of the last SPREAD_S seconds (default
--       600) before the request (+08:00). Expects 200 and counts the accepted / duplicate / rejected events from the
--       answers.
--   decide STUDENTS_FILE POINTS_FILE TOKEN
--       GET /api/v1/access/decision?studentNo=…&accessPoint=…&direction=… for a random student, point and direction
--       (access:decide). Expects 200.
--   get PATH [TOKEN]
--       GET PATH. Expects 200.
--
-- `done` prints one line starting with RESULT, in the format of scripts/bench-checkin.lua (parsed by run_wrk in
-- scripts/bench-checkin-lib.sh), with three more fields for the events mode: accepted, duplicates, rejected.

local threads = {}

function setup(thread)
    thread:set("tid", #threads)
    table.insert(threads, thread)
end

local mode, token, run_id, batch, spread
local students, points = {}, {}
local counter = 0
local get_request

local function read_lines(path)
    local out = {}
    local file = assert(io.open(path, "r"), "cannot open " .. tostring(path))
    for line in file:lines() do
        if #line > 0 then table.insert(out, line) end
    end
    file:close()
    assert(#out > 0, "no lines in " .. path)
    return out
end

function init(args)
    mode = args[1] or "get"
    ok, other, statuses, sample = 0, 0, {}, ""
    accepted, duplicates, rejected = 0, 0, 0
    math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
    if mode == "events" or mode == "decide" then
        students = read_lines(args[2])
        points = read_lines(args[3])
        token = args[4]
        run_id = args[5] or tostring(os.time())
        batch = tonumber(args[6] or "1000")
        spread = tonumber(args[7] or "600")
    else
        local headers = {}
        if args[3] and args[3] ~= "-" and args[3] ~= "" then headers["Authorization"] = "Bearer " .. args[3] end
        get_request = wrk.format("GET", args[2] or "/healthz", headers, nil)
    end
end

local directions = { "in", "out" }

local function event_batch()
    counter = counter + 1
    local now = os.time()
    local parts = {}
    for n = 1, batch do
        local at = now - math.random(0, spread) + 8 * 3600
        parts[n] = string.format(
            '{"eventId":"%s-%d-%d-%d","accessPoint":"%s","studentNo":"%s","direction":"%s","at":"%s","granted":true}',
            run_id, tid, counter, n, points[math.random(#points)], students[math.random(#students)],
            directions[math.random(2)], os.date("!%Y-%m-%dT%H:%M:%S+08:00", at))
    end
    return '{"events":[' .. table.concat(parts, ",") .. ']}'
end

function request()
    if mode == "events" then
        return wrk.format("POST", "/api/v1/access/events", {
            ["Content-Type"] = "application/json",
            ["Authorization"] = "Bearer " .. token,
        }, event_batch())
    elseif mode == "decide" then
        local path = string.format("/api/v1/access/decision?studentNo=%s&accessPoint=%s&direction=%s",
            students[math.random(#students)], points[math.random(#points)], directions[math.random(2)])
        return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token }, nil)
    end
    return get_request
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    if status == 200 then
        ok = ok + 1
        if mode == "events" and body then
            accepted = accepted + tonumber(string.match(body, '"accepted"%s*:%s*(%d+)') or "0")
            duplicates = duplicates + tonumber(string.match(body, '"duplicates"%s*:%s*(%d+)') or "0")
            local r = string.match(body, '"rejected"%s*:%s*%[(.-)%]')
            if r and string.find(r, "index") then
                local _, n = string.gsub(r, '"index"', "")
                rejected = rejected + n
                if sample == "" then sample = "rejected " .. string.sub(r, 1, 300) end
            end
        end
    else
        other = other + 1
        if sample == "" then sample = status .. " " .. string.sub(body or "", 1, 300) end
    end
end

function done(summary, latency, requests)
    local total_ok, total_other, merged, first_sample = 0, 0, {}, ""
    local acc, dup, rej = 0, 0, 0
    for _, t in ipairs(threads) do
        total_ok = total_ok + (t:get("ok") or 0)
        total_other = total_other + (t:get("other") or 0)
        acc = acc + (t:get("accepted") or 0)
        dup = dup + (t:get("duplicates") or 0)
        rej = rej + (t:get("rejected") or 0)
        for code, n in pairs(t:get("statuses") or {}) do merged[code] = (merged[code] or 0) + n end
        local s = t:get("sample") or ""
        if first_sample == "" then first_sample = s end
    end
    local parts = {}
    for code, n in pairs(merged) do table.insert(parts, code .. ":" .. n) end
    table.sort(parts)
    local seconds = summary.duration / 1e6
    local e = summary.errors
    io.write(string.format(
        "RESULT requests=%d ok=%d other=%d rps=%.1f ok_rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f mean_ms=%.2f " ..
        "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d seconds=%.2f statuses=%s accepted=%d duplicates=%d rejected=%d events_ps=%.1f\n",
        summary.requests, total_ok, total_other, summary.requests / seconds, total_ok / seconds,
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
        latency:percentile(99.9) / 1000, latency.max / 1000, latency.mean / 1000,
        e.connect, e.read, e.write, e.timeout, seconds, table.concat(parts, ","), acc, dup, rej, acc / seconds))
    if first_sample ~= "" then io.write("FIRST_UNEXPECTED " .. first_sample .. "\n") end
end
