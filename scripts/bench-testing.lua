-- wrk script for scripts/bench-testing.sh (docs/PERFORMANCE.md, section 5): sampling scans.
--
--   wrk -t2 -c16 -d20s --latency -s scripts/bench-testing.lua http://127.0.0.1:8094 -- sample POOLS_FILE TOKEN THREADS LANES
--
-- POST /api/v1/testing/samples {campaignId, tubeCode, studentNo} with `Authorization: Bearer TOKEN` (an integration
-- token with testing:write). Expects 201.
--
-- POOLS_FILE holds one tube a line: `CAMPAIGN_ID TUBE_CODE STUDENT_NO STUDENT_NO …` (the suggested pools of
-- GET /api/v1/testing/campaigns/{id}/pools, each with a new tube code; bench-testing.sh writes it). Every student of
-- the file is sent exactly once: thread t of THREADS takes lines t+1, t+1+THREADS, … and keeps LANES tubes open (one per
-- connection of the thread, i.e. connections / THREADS: like sampling points each filling its own tube); consecutive requests go to the
-- lanes in turn, and a lane whose tube is done takes the thread's next line. So no student is scanned twice and a
-- tube is filled by one lane, 10 swabs one after the other.
--
-- When a thread has sent every swab of its lines it stops (wrk.thread:stop()) and `done` reports exhausted > 0: the run
-- was shorter than -d and its rates are not valid (bench-testing.sh creates enough campaigns that this does not happen).
--
-- `done` prints one line starting with RESULT (parsed by the shell script, as bench-checkin.lua's) plus, when any answer
-- had an unexpected status, the first such body.

local threads = {}

function setup(thread)
    thread:set("tid", #threads)
    table.insert(threads, thread)
end

local token
local lines, nlines = {}, 0
local lanes, nlanes = {}, 0
local next_line = 1
local counter = 0

-- splits "a b c" into { "a", "b", "c" }
local function words(line)
    local out = {}
    for w in string.gmatch(line, "%S+") do table.insert(out, w) end
    return out
end

function init(args)
    ok, other, statuses, sample, exhausted = 0, 0, {}, "", 0
    assert(args[1] == "sample", "mode must be sample")
    local nthreads = tonumber(args[4] or "1")
    token = args[3]
    local file = assert(io.open(args[2], "r"), "cannot open pools file " .. tostring(args[2]))
    local i = 0
    for line in file:lines() do
        if #line > 0 then
            if i % nthreads == tid then
                local w = words(line)
                assert(#w >= 3, "bad pools line: " .. line)
                local tube = { campaign = w[1], code = w[2], students = {} }
                for k = 3, #w do table.insert(tube.students, w[k]) end
                table.insert(lines, tube)
            end
            i = i + 1
        end
    end
    file:close()
    nlines = #lines
    assert(nlines > 0, "no tubes for thread " .. tid .. " in " .. args[2])
    -- wrk gives each thread connections / threads connections; one lane per connection.
    nlanes = math.max(1, tonumber(args[5] or "1"))
    for l = 1, nlanes do lanes[l] = { tube = nil, pos = 0 } end
end

local body_format = '{"campaignId":"%s","tubeCode":"%s","studentNo":"%s"}'
local headers

-- the next (tube, student) of lane l, taking a new line when its tube is done; nil when the thread has none left
local function take(l)
    local lane = lanes[l]
    if lane.tube == nil or lane.pos >= #lane.tube.students then
        if next_line > nlines then return nil end
        lane.tube = lines[next_line]
        lane.pos = 0
        next_line = next_line + 1
    end
    lane.pos = lane.pos + 1
    return lane.tube, lane.tube.students[lane.pos]
end

function request()
    if headers == nil then
        headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
    end
    -- lanes in turn; a lane with nothing left hands its turn to the next
    for _ = 1, nlanes do
        counter = counter + 1
        local tube, student = take((counter - 1) % nlanes + 1)
        if tube ~= nil then
            return wrk.format("POST", "/api/v1/testing/samples", headers, string.format(body_format, tube.campaign, tube.code, student))
        end
    end
    -- Every swab of this thread is sent: stop it. wrk still needs a request to send; this one is not counted as ok.
    exhausted = 1
    wrk.thread:stop()
    return wrk.format("GET", "/healthz")
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    if status == 201 then
        ok = ok + 1
    else
        other = other + 1
        if sample == "" then sample = status .. " " .. string.sub(body or "", 1, 300) end
    end
end

function done(summary, latency, requests)
    local total_ok, total_other, merged, first_sample, total_exhausted = 0, 0, {}, "", 0
    for _, t in ipairs(threads) do
        total_ok = total_ok + (t:get("ok") or 0)
        total_other = total_other + (t:get("other") or 0)
        total_exhausted = total_exhausted + (t:get("exhausted") or 0)
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
        "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d seconds=%.2f exhausted=%d statuses=%s\n",
        summary.requests, total_ok, total_other, summary.requests / seconds, total_ok / seconds,
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
        latency:percentile(99.9) / 1000, latency.max / 1000, latency.mean / 1000,
        e.connect, e.read, e.write, e.timeout, seconds, total_exhausted, table.concat(parts, ",")))
    if first_sample ~= "" then io.write("FIRST_UNEXPECTED " .. first_sample .. "\n") end
end
