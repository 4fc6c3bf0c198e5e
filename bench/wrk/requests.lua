-- wrk script of bench/run: cycles through the requests of a file, one per line,
--   METHOD <tab> PATH <tab> TOKEN <tab> BODY        (TOKEN and BODY may be empty)
-- named by BENCH_REQUESTS. Thread t of BENCH_THREADS takes lines t, t+n, t+2n, ...,
-- so no two threads send the request of one line at the same time (with fewer lines
-- than threads, every thread sends them all). In a body, the
-- word {pass} becomes the words of BENCH_ALTERNATE ("Start,Hold") in turn, one per
-- pass through the thread's lines. At the end one line "BENCH {json}" is printed.

local next_index = 0

function setup(thread)
  thread:set("thread_index", next_index)
  next_index = next_index + 1
end

local requests = {}  -- requests[pass_word][i]: formatted requests
local words = {}
local count = 0
local position = 0
local pass = 0

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do table.insert(fields, field) end
  return fields
end

function init(args)
  local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
  local alternate = os.getenv("BENCH_ALTERNATE") or ""
  for word in alternate:gmatch("[^,]+") do table.insert(words, word) end
  if #words == 0 then words = { "" } end
  for _, word in ipairs(words) do requests[word] = {} end
  local lines = {}
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    if line ~= "" then table.insert(lines, line) end
  end
  local mine = {}
  for i, line in ipairs(lines) do
    if (i - 1) % threads == thread_index then table.insert(mine, line) end
  end
  -- Fewer lines than threads (one fixed request): every thread sends them all.
  if #mine == 0 then mine = lines end
  for _, line in ipairs(mine) do
    local f = split(line)
    local headers = {}
    if f[3] ~= nil and f[3] ~= "" then headers["Authorization"] = "Token " .. f[3] end
    local body = f[4]
    if body == "" then body = nil end
    if body ~= nil then headers["Content-Type"] = "application/json" end
    for _, word in ipairs(words) do
      local b = body and body:gsub("{pass}", word) or nil
      table.insert(requests[word], wrk.format(f[1], f[2], headers, b))
    end
  end
  count = #requests[words[1]]
  if count == 0 then error("no requests in " .. os.getenv("BENCH_REQUESTS")) end
end

function request()
  position = position + 1
  if position > count then
    position = 1
    pass = pass + 1
  end
  return requests[words[pass % #words + 1]][position]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
