-- One wrk script for every measured path; the driver (benchmarks/hot_paths.py) passes:
--   wrk ... -s load.lua URL -- METHOD PATHS_FILE BODY_FILE IDEMPOTENCY NONCE [HEADER ...]
-- METHOD       GET or POST
-- PATHS_FILE   one request path per line; each request takes one at random
-- BODY_FILE    the request body (bytes, e.g. a multipart filing), or "-" for none
-- IDEMPOTENCY  "yes": every request gets its own Idempotency-Key (NONCE-thread-count)
-- HEADER       "Name: value" (Authorization, Cookie, Content-Type, ...)
-- done() prints one line "BENCH_JSON {...}" that the driver reads.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
  table.insert(threads, thread)
end

local method, paths, body, idempotent, nonce, headers
local sent = 0

local function read_file(name)
  local handle = assert(io.open(name, "rb"))
  local content = handle:read("*a")
  handle:close()
  return content
end

function init(args)
  method = args[1]
  paths = {}
  for line in read_file(args[2]):gmatch("[^\n]+") do
    table.insert(paths, line)
  end
  body = nil
  if args[3] ~= "-" then
    body = read_file(args[3])
  end
  idempotent = args[4] == "yes"
  nonce = args[5]
  headers = {}
  for i = 6, #args do
    local name, value = args[i]:match("^([^:]+):%s*(.*)$")
    headers[name] = value
  end
  math.randomseed(os.time() * 100 + (thread_id or 0))
end

function request()
  sent = sent + 1
  if idempotent then
    headers["Idempotency-Key"] = nonce .. "-" .. tostring(thread_id) .. "-" .. tostring(sent)
  end
  return wrk.format(method, paths[math.random(#paths)], headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
