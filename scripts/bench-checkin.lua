-- wrk script for scripts/bench-checkin.sh (docs/PERFORMANCE.md, section 3).
--
--   wrk -t2 -c64 -d30s --latency -s scripts/bench-checkin.lua http://127.0.0.1:8091 -- MODE [ARGS…]
--
-- MODE:
--   ingest STUDENTS_FILE TOKEN [ABNORMAL_PERMILLE]
--       POST /api/v1/checkins with `Authorization: Bearer TOKEN` (an integration token with checkin:write).
--       STUDENTS_FILE holds one student number a line; each thread cycles through all of them from its own
--       starting point. ABNORMAL_PERMILLE (default 0) of the answers carry a temperature of 38.2 (abnormal:
--       they open or add to a case); the others are normal. Expects 201.
--   get PATH [TOKEN] [EXPECTED_STATUS]
--       GET PATH (e.g. /healthz, or /api/v1/checkins/completeness?groupBy=building with an admin session token).
--       Expects EXPECTED_STATUS (default 200).
--
-- Every mode counts the answers by status in the `response` callback, so the same Lua work is done per request
-- whatever the mode. `done` prints one line starting with RESULT (parsed by the shell scripts) plus, when any
-- answer had an unexpected status, the first such body.

local threads = {}

function setup(thread)
    thread:set("tid", #threads)
    table.insert(threads, thread)
end

local mode, expected, token
local students, nstudents, idx = {}, 0, 0
local abnormal_permille = 0
local counter = 0
local get_request

function init(args)
    mode = args[1] or "get"
    ok, other, statuses, sample = 0, 0, {}, ""
    if mode == "ingest" then
        local file = assert(io.open(args[2], "r"), "cannot open students file " .. tostring(args[2]))
        for line in file:lines() do
            if #line > 0 then table.insert(students, line) end
        end
        file:close()
        nstudents = #students
        assert(nstudents > 0, "no student numbers in " .. args[2])
        token = args[3]
        abnormal_permille = tonumber(args[4] or "0")
        expected = 201
        -- Threads start at different points of the list so they do not submit for the same student together.
        idx = math.floor(nstudents * tid / 8) % nstudents
    else
        local path = args[2] or "/healthz"
        token = args[3]
        if token == "" or token == "-" then token = nil end
        expected = tonumber(args[4] or "200")
        local headers = {}
        if token then headers["Authorization"] = "Bearer " .. token end
        get_request = wrk.format("GET", path, headers, nil)
    end
end

local normal_body = '{"studentNo":"%s","temperature":%s,"symptoms":[],"onCampus":true,"city":null,"healthCode":"green","riskContact":false,"remark":""}'
local temperatures = { "36.3", "36.4", "36.5", "36.6", "36.7", "36.8" }

function request()
    if mode ~= "ingest" then return get_request end
    idx = idx % nstudents + 1
    counter = counter + 1
    local t = temperatures[counter % #temperatures + 1]
    if abnormal_permille > 0 and (counter * 7919) % 1000 < abnormal_permille then t = "38.2" end
    local body = string.format(normal_body, students[idx], t)
    return wrk.format("POST", "/api/v1/checkins", {
        ["Content-Type"] = "application/json",
        ["Authorization"] = "Bearer " .. token,
    }, body)
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    if status == expected then
        ok = ok + 1
    else
        other = other + 1
        if sample == "" then sample = status .. " " .. string.sub(body or "", 1, 300) end
    end
end

function done(summary, latency, requests)
    local total_ok, total_other, merged, first_sample = 0, 0, {}, ""
    for _, t in ipairs(threads) do
        total_ok = total_ok + (t:get("ok") or 0)
        total_other = total_other + (t:get("other") or 0)
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
        "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d seconds=%.2f statuses=%s\n",
        summary.requests, total_ok, total_other, summary.requests / seconds, total_ok / seconds,
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
        latency:percentile(99.9) / 1000, latency.max / 1000, latency.mean / 1000,
        e.connect, e.read, e.write, e.timeout, seconds, table.concat(parts, ",")))
    if first_sample ~= "" then io.write("FIRST_UNEXPECTED " .. first_sample .. "\n") end
end
